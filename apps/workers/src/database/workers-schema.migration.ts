import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workers' own tables (schema `workers`): what the wallet and security
 * handlers decide and create. Every row carries the process instance it came
 * from; unique keys on it make a re-delivered task a no-op.
 */
export class WorkersSchema1763900000000 implements MigrationInterface {
  name = 'WorkersSchema1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE wallets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id text NOT NULL,
        currency char(3) NOT NULL,
        wallet_type text NOT NULL,
        status text NOT NULL,
        balance numeric(18, 2) NOT NULL DEFAULT 0,
        process_instance_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT wallets_user_currency UNIQUE (user_id, currency)
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedup_key text NOT NULL UNIQUE,
        recipient text NOT NULL,
        channel text NOT NULL,
        kind text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        process_instance_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX notifications_pending ON notifications (created_at) WHERE status = 'PENDING'`,
    );
    await queryRunner.query(`
      CREATE TABLE kyc_verifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id text NOT NULL,
        status text NOT NULL,
        reasons jsonb NOT NULL,
        document_type text NOT NULL,
        country char(2) NOT NULL,
        process_instance_id text NOT NULL UNIQUE,
        checked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX kyc_verifications_user ON kyc_verifications (user_id, checked_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE merchant_approvals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        merchant_id text NOT NULL,
        business_name text NOT NULL,
        status text NOT NULL,
        risk_score integer NOT NULL,
        reasons jsonb NOT NULL,
        process_instance_id text NOT NULL UNIQUE,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX merchant_approvals_merchant ON merchant_approvals (merchant_id, decided_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE security_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedup_key text NOT NULL UNIQUE,
        user_id text NOT NULL,
        event_type text NOT NULL,
        severity text NOT NULL,
        action text NOT NULL,
        details jsonb NOT NULL,
        process_instance_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX security_events_user ON security_events (user_id, created_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE account_restrictions (
        user_id text PRIMARY KEY,
        restriction text NOT NULL,
        reason text NOT NULL,
        process_instance_id text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE email_verifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id text NOT NULL,
        email text NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        status text NOT NULL,
        expires_at timestamptz NOT NULL,
        process_instance_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE refund_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        process_instance_id text NOT NULL UNIQUE,
        booking_id text NOT NULL,
        amount numeric(18, 2) NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL,
        reference text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'refund_payments',
      'email_verifications',
      'account_restrictions',
      'security_events',
      'merchant_approvals',
      'kyc_verifications',
      'notifications',
      'wallets',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
