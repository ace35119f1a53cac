import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the periodic prune deletes by, so each batch reads only what it
 * removes instead of scanning the outbox or the projected-event ledger.
 */
export class GatewayRetentionIndexes1763900300000 implements MigrationInterface {
  name = 'GatewayRetentionIndexes1763900300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX webhook_outbox_finished ON webhook_outbox (created_at) WHERE status IN ('delivered', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE INDEX projected_events_topic_age ON projected_events (topic, projected_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX projected_events_topic_age`);
    await queryRunner.query(`DROP INDEX webhook_outbox_finished`);
  }
}
