import { DataSource } from 'typeorm';

/**
 * Remembers which event ids a consumer group has handled, so a redelivered
 * event (at-least-once delivery) has no second effect.
 */
export interface ProcessedEventStore {
  /** The subset of `eventIds` already handled by `consumerGroup`. */
  alreadyProcessed(consumerGroup: string, eventIds: string[]): Promise<Set<string>>;
  remember(consumerGroup: string, eventId: string, topic: string): Promise<void>;
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

export class InMemoryProcessedEventStore implements ProcessedEventStore {
  private readonly seen = new Map<string, { topic: string; at: Date }>();
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
