import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's own tables: API keys, the incident read model, webhook
 * subscriptions, the transactional outbox with its delivery log, and the audit log.
 * Read models hold only what consumed events say, so they can be rebuilt by replay.
 */
export class GatewayInitial1763900000000 implements MigrationInterface {
  name = 'GatewayInitial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        key_hash bytea NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE incidents (
        node_id text NOT NULL,
        incident_id text NOT NULL,
        incident_type text,
        message text,
        process_definition_key text,
        process_definition_id text,
        process_instance_id text,
        activity_id text,
        job_id text,
        external_task_id text,
        status text NOT NULL DEFAULT 'open',
        resolution text,
        opened_at timestamptz,
        resolved_at timestamptz,
        family text,
        analysis jsonb,
        analyzed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_id, incident_id)
      )`);
    await queryRunner.query(`CREATE INDEX incidents_opened_at ON incidents (opened_at DESC NULLS LAST)`);
    await queryRunner.query(`CREATE INDEX incidents_status ON incidents (status, opened_at DESC)`);
    await queryRunner.query(`CREATE INDEX incidents_definition ON incidents (process_definition_key)`);
    await queryRunner.query(`CREATE INDEX incidents_family ON incidents (family)`);
    await queryRunner.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        filter_node_ids text[] NOT NULL DEFAULT '{}',
        filter_process_definition_keys text[] NOT NULL DEFAULT '{}',
        description text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_subscriptions_events ON webhook_subscriptions USING gin (events) WHERE active AND deleted_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_outbox (
        id uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        dead_at timestamptz,
        UNIQUE (subscription_id, event_id, event_type)
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_outbox_subscription ON webhook_outbox (subscription_id, created_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_outbox (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        latency_ms integer NOT NULL,
        error text,
        outcome text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (delivery_id, attempt)`,
    );
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        api_key_id uuid,
        action text NOT NULL,
        target text,
        outcome text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at ON audit_log (at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'webhook_delivery_attempts',
      'webhook_outbox',
      'webhook_subscriptions',
      'incidents',
      'api_keys',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
