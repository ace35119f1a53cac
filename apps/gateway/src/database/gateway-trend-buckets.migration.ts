import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly buckets behind the trends and the process page's duration heat: one
 * row per key and hour whatever the traffic, pruned after TREND_RETENTION_DAYS,
 * so their size follows the number of processes, activities and hours kept,
 * never the number of instances. Durations are sparse log-scale histograms
 * (`{ "<bucket>": count }`, see duration-histogram.util.ts) so quantiles of any
 * span of hours come from summing buckets.
 */
export class GatewayTrendBuckets1763900550000 implements MigrationInterface {
  name = 'GatewayTrendBuckets1763900550000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE process_hourly (
        node_id text NOT NULL,
        process_definition_key text NOT NULL,
        hour timestamptz NOT NULL,
        started integer NOT NULL DEFAULT 0,
        completed integer NOT NULL DEFAULT 0,
        duration_histogram jsonb NOT NULL DEFAULT '{}',
        incidents_opened integer NOT NULL DEFAULT 0,
        incidents_resolved integer NOT NULL DEFAULT 0,
        PRIMARY KEY (node_id, process_definition_key, hour)
      )`,
      `CREATE INDEX process_hourly_hour ON process_hourly (hour)`,
      `CREATE TABLE activity_hourly (
        node_id text NOT NULL,
        process_definition_id text NOT NULL,
        activity_id text NOT NULL,
        hour timestamptz NOT NULL,
        process_definition_key text NOT NULL,
        activity_name text,
        count integer NOT NULL DEFAULT 0,
        total_ms double precision NOT NULL DEFAULT 0,
        max_ms double precision NOT NULL DEFAULT 0,
        histogram jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (node_id, process_definition_id, activity_id, hour)
      )`,
      `CREATE INDEX activity_hourly_definition ON activity_hourly (node_id, process_definition_id, hour)`,
      `CREATE INDEX activity_hourly_hour ON activity_hourly (hour)`,
      // subject: a node id, or '' for the cluster.
      `CREATE TABLE health_hourly (
        subject text NOT NULL,
        hour timestamptz NOT NULL,
        samples integer NOT NULL DEFAULT 0,
        score_sum double precision NOT NULL DEFAULT 0,
        score_min double precision NOT NULL,
        last_score double precision NOT NULL,
        last_status text NOT NULL,
        last_at timestamptz NOT NULL,
        PRIMARY KEY (subject, hour)
      )`,
      `CREATE INDEX health_hourly_hour ON health_hourly (hour)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE health_hourly`);
    await queryRunner.query(`DROP TABLE activity_hourly`);
    await queryRunner.query(`DROP TABLE process_hourly`);
  }
}
