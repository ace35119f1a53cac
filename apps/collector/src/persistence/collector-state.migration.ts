import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the collector remembers between runs, so a restart neither loses nor
 * repeats a fact: a high-water mark per node and stream, the ids published in
 * the late-commit window behind it, node status, snapshot marks and stalls.
 */
export class CollectorState1763900000000 implements MigrationInterface {
  name = 'CollectorState1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stream_watermarks (
        node text NOT NULL,
        stream text NOT NULL,
        cursor_ts text NOT NULL,
        cursor_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node, stream)
      )`);
    await queryRunner.query(`
      CREATE TABLE recent_facts (
        node text NOT NULL,
        stream text NOT NULL,
        fact_id text NOT NULL,
        cursor_ts text NOT NULL,
        PRIMARY KEY (node, stream, fact_id)
      )`);
    await queryRunner.query(`CREATE INDEX recent_facts_window ON recent_facts (node, stream, cursor_ts)`);
    await queryRunner.query(`
      CREATE TABLE node_states (
        node text PRIMARY KEY,
        status text NOT NULL,
        transitions integer NOT NULL,
        engine_version text,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE snapshot_marks (
        node text NOT NULL,
        kind text NOT NULL,
        fingerprint text NOT NULL,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (node, kind)
      )`);
    await queryRunner.query(`
      CREATE TABLE stuck_instances (
        node text NOT NULL,
        process_instance_id text NOT NULL,
        last_progress_at text NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (node, process_instance_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'stuck_instances',
      'snapshot_marks',
      'node_states',
      'recent_facts',
      'stream_watermarks',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
