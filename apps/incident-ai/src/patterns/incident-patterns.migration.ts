import { MigrationInterface, QueryRunner } from 'typeorm';

/** Incident patterns (one row per normalised signature) and the incidents that fell into each. */
export class IncidentPatterns1763900000000 implements MigrationInterface {
  name = 'IncidentPatterns1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_patterns (
        pattern_id uuid PRIMARY KEY,
        signature text NOT NULL UNIQUE,
        family text NOT NULL,
        incident_type text NOT NULL,
        sample_message text,
        root_cause text NOT NULL,
        confidence double precision NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        llm_answer jsonb,
        llm_model text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE incident_occurrences (
        node_id text NOT NULL,
        incident_id text NOT NULL,
        pattern_id uuid NOT NULL REFERENCES incident_patterns (pattern_id),
        process_definition_key text,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (node_id, incident_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX incident_occurrences_pattern_time ON incident_occurrences (pattern_id, occurred_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incident_occurrences`);
    await queryRunner.query(`DROP TABLE incident_patterns`);
  }
}
