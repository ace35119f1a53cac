import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of what the collector, analyzer and incident-ai publish: nodes,
 * health scores, process statistics and leaderboards, anomalies, bottlenecks,
 * SLA alerts, job-failure risks, incident patterns, the thresholds in force,
 * and the gateway's own alerts (acknowledge/resolve).
 */
export class GatewayReadModels1763900100000 implements MigrationInterface {
  name = 'GatewayReadModels1763900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // Event ids whose projection is committed, written in the same transaction as the projection:
      // counters (statistics) must not count a redelivered event twice.
      `CREATE TABLE projected_events (
        event_id uuid PRIMARY KEY,
        topic text NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE nodes (
        node_id text PRIMARY KEY,
        url text,
        status text NOT NULL DEFAULT 'unknown',
        rest_latency_ms double precision,
        reason text,
        engine_version text,
        status_changed_at timestamptz,
        jvm jsonb,
        jvm_observed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE health_scores (
        scope_key text PRIMARY KEY,
        node_id text,
        score double precision NOT NULL,
        status text NOT NULL,
        report jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`,
      `CREATE TABLE process_statistics (
        node_id text NOT NULL,
        process_definition_key text NOT NULL,
        started bigint NOT NULL DEFAULT 0,
        completed bigint NOT NULL DEFAULT 0,
        total_duration_ms double precision NOT NULL DEFAULT 0,
        min_duration_ms double precision,
        max_duration_ms double precision,
        last_started_at timestamptz,
        last_completed_at timestamptz,
        PRIMARY KEY (node_id, process_definition_key)
      )`,
      `CREATE TABLE leaderboards (
        node_id text PRIMARY KEY,
        report jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`,
      `CREATE TABLE anomalies (
        event_id uuid PRIMARY KEY,
        node_id text NOT NULL,
        scope text NOT NULL,
        process_definition_key text NOT NULL,
        activity_id text,
        process_instance_id text NOT NULL,
        severity text NOT NULL,
        direction text NOT NULL,
        z_score double precision NOT NULL,
        duration_ms double precision NOT NULL,
        detected_at timestamptz NOT NULL,
        payload jsonb NOT NULL
      )`,
      `CREATE INDEX anomalies_detected_at ON anomalies (detected_at DESC)`,
      `CREATE TABLE bottlenecks (
        node_id text NOT NULL,
        process_definition_key text NOT NULL,
        report jsonb NOT NULL,
        computed_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, process_definition_key)
      )`,
      `CREATE TABLE sla_alerts (
        subject_key text NOT NULL,
        state text NOT NULL,
        node_id text NOT NULL,
        subject text NOT NULL,
        process_definition_key text,
        process_instance_id text,
        task_id text,
        open boolean NOT NULL,
        share_of_target double precision NOT NULL,
        due_at timestamptz NOT NULL,
        detected_at timestamptz NOT NULL,
        event_id uuid NOT NULL,
        payload jsonb NOT NULL,
        PRIMARY KEY (subject_key, state)
      )`,
      `CREATE INDEX sla_alerts_detected_at ON sla_alerts (detected_at DESC)`,
      `CREATE TABLE job_failure_risks (
        node_id text PRIMARY KEY,
        report jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`,
      `CREATE TABLE incident_patterns (
        pattern_id text PRIMARY KEY,
        family text NOT NULL,
        count integer NOT NULL,
        trend text NOT NULL,
        last_seen_at timestamptz NOT NULL,
        payload jsonb NOT NULL
      )`,
      `CREATE TABLE thresholds (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        revision integer NOT NULL,
        changed_at timestamptz NOT NULL,
        changed_by text,
        thresholds jsonb NOT NULL
      )`,
      `CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        source_event_id uuid NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        node_id text,
        process_definition_key text,
        subject_key text NOT NULL,
        title text NOT NULL,
        details jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open',
        created_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        resolved_at timestamptz,
        resolved_by text,
        note text,
        UNIQUE (source_event_id, kind)
      )`,
      `CREATE INDEX alerts_status ON alerts (status, created_at DESC)`,
      `CREATE INDEX alerts_subject ON alerts (kind, subject_key) WHERE status <> 'resolved'`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = [
      'projected_events',
      'alerts',
      'thresholds',
      'incident_patterns',
      'job_failure_risks',
      'sla_alerts',
      'bottlenecks',
      'anomalies',
      'leaderboards',
      'process_statistics',
      'health_scores',
      'nodes',
    ];
    for (const table of tables) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
