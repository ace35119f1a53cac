import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every consuming service keeps the event ids it has handled (idempotency).
 * The data source sets `search_path` to the service's own schema, so this one
 * migration serves every service.
 */
export class ProcessedEvents1763800000000 implements MigrationInterface {
  name = 'ProcessedEvents1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE processed_events (
        consumer_group text NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX processed_events_processed_at ON processed_events (processed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE processed_events`);
  }
}
