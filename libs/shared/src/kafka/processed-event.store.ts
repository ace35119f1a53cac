import { DataSource } from 'typeorm';

/**
 * Remembers which event ids a consumer group has handled, so a redelivered
 * event (at-least-once delivery) has no second effect.
 */
export interface ProcessedEventStore {
  /** The subset of `eventIds` already handled by `consumerGroup`. */
  alreadyProcessed(consumerGroup: string, eventIds: string[]): Promise<Set<string>>;
  remember(consumerGroup: string, eventId: string, topic: string): Promise<void>;
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
}

export class InMemoryProcessedEventStore implements ProcessedEventStore {
  private readonly seen = new Set<string>();
  async alreadyProcessed(consumerGroup: string, eventIds: string[]): Promise<Set<string>> {
    return new Set(eventIds.filter((id) => this.seen.has(`${consumerGroup}/${id}`)));
  }
  async remember(consumerGroup: string, eventId: string): Promise<void> {
    this.seen.add(`${consumerGroup}/${eventId}`);
  }
}
