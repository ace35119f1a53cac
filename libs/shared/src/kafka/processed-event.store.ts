import { DataSource } from 'typeorm';
import { Queryable, returnedRows } from '../database/queryable';

/** Work done in the transaction that claimed a chunk: gets the ids claimed now (never handled before). */
export type ClaimedWork<R> = (claimed: ReadonlySet<string>, tx: Queryable) => Promise<R>;

/**
 * Remembers which event ids a consumer group has handled, so a redelivered
 * event (at-least-once delivery) has no second effect.
 */
export interface ProcessedEventStore {
  /** The subset of `eventIds` already handled by `consumerGroup`. */
  alreadyProcessed(consumerGroup: string, eventIds: string[]): Promise<Set<string>>;
  remember(consumerGroup: string, eventId: string, topic: string): Promise<void>;
  /**
   * Opens one transaction, claims `eventIds` for the group in it and runs
   * `work` with the ids that were new; the claims and whatever `work` wrote
   * commit together or not at all. The one way a batch consumer decides "seen before".
   */
  claimInTransaction<R>(
    consumerGroup: string,
    topic: string,
    eventIds: string[],
    work: ClaimedWork<R>,
  ): Promise<R>;
  /** Forgets the ids of `topic` handled before `before` (Kafka no longer holds those events); returns how many. */
  prune(topic: string, before: Date, batchSize: number): Promise<number>;
}

export class PostgresProcessedEventStore implements ProcessedEventStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async alreadyProcessed(consumerGroup: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows: { event_id: string }[] = await this.dataSource.query(
      `SELECT event_id FROM "${this.schema}".processed_events WHERE consumer_group = $1 AND event_id = ANY($2::uuid[])`,
      [consumerGroup, eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  async remember(consumerGroup: string, eventId: string, topic: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".processed_events (consumer_group, event_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [consumerGroup, eventId, topic],
    );
  }

  claimInTransaction<R>(
    consumerGroup: string,
    topic: string,
    eventIds: string[],
    work: ClaimedWork<R>,
  ): Promise<R> {
    return this.dataSource.transaction(async (tx) => {
      const claimed = returnedRows<{ event_id: string }>(
        await tx.query(
          `INSERT INTO "${this.schema}".processed_events (consumer_group, event_id, topic)
           SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [consumerGroup, eventIds, topic],
        ),
      );
      return work(new Set(claimed.map((row) => row.event_id)), tx);
    });
  }

  async prune(topic: string, before: Date, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM "${this.schema}".processed_events WHERE ctid IN (
           SELECT ctid FROM "${this.schema}".processed_events WHERE topic = $1 AND processed_at < $2 LIMIT $3)`,
        [topic, before, batchSize],
      );
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}

/** For unit tests: the same claim semantics without a database; `tx` is what the work is handed. */
export class InMemoryProcessedEventStore implements ProcessedEventStore {
  private readonly seen = new Map<string, { topic: string; at: Date }>();

  constructor(private readonly tx: Queryable = noDatabase) {}

  async claimInTransaction<R>(
    consumerGroup: string,
    topic: string,
    eventIds: string[],
    work: ClaimedWork<R>,
  ): Promise<R> {
    const claimed = new Set(eventIds.filter((id) => !this.seen.has(`${consumerGroup}/${id}`)));
    const result = await work(claimed, this.tx);
    for (const id of claimed) this.seen.set(`${consumerGroup}/${id}`, { topic, at: new Date() });
    return result;
  }
  async alreadyProcessed(consumerGroup: string, eventIds: string[]): Promise<Set<string>> {
    return new Set(eventIds.filter((id) => this.seen.has(`${consumerGroup}/${id}`)));
  }
  async remember(consumerGroup: string, eventId: string, topic: string): Promise<void> {
    this.seen.set(`${consumerGroup}/${eventId}`, { topic, at: new Date() });
  }
  async prune(topic: string, before: Date): Promise<number> {
    const old = [...this.seen.entries()]
      .filter(([, seen]) => seen.topic === topic && seen.at < before)
      .map(([key]) => key);
    old.forEach((key) => this.seen.delete(key));
    return old.length;
  }
}

const noDatabase: Queryable = {
  query: () => Promise.reject(new Error('InMemoryProcessedEventStore was given no transaction to hand out')),
};
