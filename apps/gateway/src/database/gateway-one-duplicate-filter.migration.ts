import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transport's processed-event ids are now the gateway's only duplicate
 * filter (claimed in the same transaction as the projection). Ids that only
 * the old projected-event ledger knew (a crash between the projection's
 * commit and the transport's record) move over to every consumer group the
 * gateway has used, so no replay applies them twice; then the ledger goes.
 */
export class GatewayOneDuplicateFilter1763900600000 implements MigrationInterface {
  name = 'GatewayOneDuplicateFilter1763900600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO processed_events (consumer_group, event_id, topic, processed_at)
       SELECT g.consumer_group, p.event_id, p.topic, p.projected_at
       FROM projected_events p CROSS JOIN (SELECT DISTINCT consumer_group FROM processed_events) g
       ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(`DROP TABLE projected_events`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE projected_events (
        event_id uuid PRIMARY KEY,
        topic text NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX projected_events_topic_age ON projected_events (topic, projected_at)`,
    );
  }
}
