import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The analyzer's state: streaming statistics per key, quantile-sketch buckets
 * per day, SLA items still open, node observations, and the last result of
 * each report. Tables live in the `analyzer` schema (search_path).
 */
export class AnalyzerSchema1763900000000 implements MigrationInterface {
  name = 'AnalyzerSchema1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // Facts already counted into statistics: a redelivered fact must not count twice.
      `CREATE TABLE fact_ledger (
        node_name text NOT NULL, kind text NOT NULL, fact_id text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_name, kind, fact_id))`,
      `CREATE INDEX fact_ledger_seen_at ON fact_ledger (seen_at)`,
      // Welford state per (definition, activity); activity_id '' is the whole process.
      `CREATE TABLE duration_stats (
        node_name text NOT NULL, process_definition_key text NOT NULL, activity_id text NOT NULL,
        sample_count bigint NOT NULL, mean double precision NOT NULL, m2 double precision NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node_name, process_definition_key, activity_id))`,
      // DDSketch buckets per day: the look-back window is the sum of its days.
      `CREATE TABLE duration_buckets (
        node_name text NOT NULL, process_definition_key text NOT NULL, activity_id text NOT NULL,
        day date NOT NULL, bucket integer NOT NULL, sample_count bigint NOT NULL,
        PRIMARY KEY (node_name, process_definition_key, activity_id, day, bucket))`,
      `CREATE INDEX duration_buckets_day ON duration_buckets (day)`,
      `CREATE TABLE duration_days (
        node_name text NOT NULL, process_definition_key text NOT NULL, activity_id text NOT NULL,
        day date NOT NULL, activity_name text, sample_count bigint NOT NULL,
        total_ms double precision NOT NULL, max_ms double precision NOT NULL,
        PRIMARY KEY (node_name, process_definition_key, activity_id, day))`,
      `CREATE INDEX duration_days_day ON duration_days (day)`,
      `CREATE TABLE job_outcome_days (
        node_name text NOT NULL, process_definition_key text NOT NULL, activity_id text NOT NULL,
        day date NOT NULL, failures bigint NOT NULL DEFAULT 0, completions bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (node_name, process_definition_key, activity_id, day))`,
      `CREATE INDEX job_outcome_days_day ON job_outcome_days (day)`,
      `CREATE TABLE process_days (
        node_name text NOT NULL, process_definition_key text NOT NULL, day date NOT NULL,
        started bigint NOT NULL DEFAULT 0, completed bigint NOT NULL DEFAULT 0, incidents bigint NOT NULL DEFAULT 0,
        sla_met bigint NOT NULL DEFAULT 0, sla_missed bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (node_name, process_definition_key, day))`,
      `CREATE INDEX process_days_day ON process_days (day)`,
      // Instances and user tasks still open, with the SLA state last alerted.
      `CREATE TABLE sla_open_items (
        node_name text NOT NULL, subject text NOT NULL, item_id text NOT NULL,
        process_definition_key text, process_instance_id text, task_definition_key text, task_name text, assignee text,
        started_at timestamptz NOT NULL, state text NOT NULL DEFAULT 'ok',
        PRIMARY KEY (node_name, subject, item_id),
        CHECK (subject IN ('process-instance', 'user-task')), CHECK (state IN ('ok', 'at-risk', 'breached')))`,
      `CREATE INDEX sla_open_items_due ON sla_open_items (subject, process_definition_key, task_definition_key, started_at) WHERE state <> 'breached'`,
      `CREATE TABLE node_state (
        node_name text PRIMARY KEY, status text NOT NULL, rest_latency_ms double precision,
        status_reason text, status_at timestamptz,
        external_task_backlog bigint, backlog_at timestamptz)`,
      `CREATE TABLE open_incidents (
        node_name text NOT NULL, incident_id text NOT NULL, process_definition_key text,
        opened_at timestamptz NOT NULL,
        PRIMARY KEY (node_name, incident_id))`,
      `CREATE TABLE job_failure_minutes (
        node_name text NOT NULL, minute timestamptz NOT NULL, failures bigint NOT NULL,
        PRIMARY KEY (node_name, minute))`,
      // Last published result of each report, so an unchanged report is not re-published.
      `CREATE TABLE analysis_results (
        kind text NOT NULL, result_key text NOT NULL, fingerprint text NOT NULL,
        payload jsonb NOT NULL, computed_at timestamptz NOT NULL,
        PRIMARY KEY (kind, result_key))`,
      `CREATE TABLE threshold_overrides (
        id smallint PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL, thresholds jsonb NOT NULL,
        changed_at timestamptz NOT NULL, changed_by text)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'threshold_overrides',
      'analysis_results',
      'job_failure_minutes',
      'open_incidents',
      'node_state',
      'sla_open_items',
      'process_days',
      'job_outcome_days',
      'duration_days',
      'duration_buckets',
      'duration_stats',
      'fact_ledger',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
