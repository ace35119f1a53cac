import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the event that caused each webhook delivery, so the
 * delivery's HTTP request joins that event's trace instead of starting its own.
 * Rows written before this migration have none and start a trace as before.
 */
export class GatewayOutboxTraceContext1763900200000 implements MigrationInterface {
  name = 'GatewayOutboxTraceContext1763900200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE webhook_outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhook_outbox DROP COLUMN traceparent, DROP COLUMN tracestate`);
  }
}
