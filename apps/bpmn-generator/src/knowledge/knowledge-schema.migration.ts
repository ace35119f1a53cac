import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base: every generated, enhanced or imported model with its
 * versions (XML, the graph it was built from, source text or template, lint
 * results, suggestions) and where each version was deployed.
 */
export class BpmnKnowledgeSchema1764000000000 implements MigrationInterface {
  name = 'BpmnKnowledgeSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE models (
        model_id uuid PRIMARY KEY,
        name text NOT NULL,
        process_id text NOT NULL,
        latest_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE INDEX models_updated_at ON models (updated_at DESC)`,
      `CREATE TABLE model_versions (
        model_id uuid NOT NULL REFERENCES models (model_id) ON DELETE CASCADE,
        version integer NOT NULL,
        -- The request that created this version: a redelivered request finds it instead of creating another.
        request_id uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        name text NOT NULL,
        process_id text NOT NULL,
        source_kind text NOT NULL CHECK (source_kind IN ('text', 'template', 'enhancement', 'import')),
        generator text NOT NULL,
        source_text text,
        template jsonb,
        parent_version integer,
        enhancements jsonb NOT NULL DEFAULT '[]',
        xml text NOT NULL,
        graph jsonb,
        lint_findings jsonb NOT NULL,
        lint_errors integer NOT NULL,
        lint_warnings integer NOT NULL,
        suggestions jsonb NOT NULL,
        stats jsonb NOT NULL,
        notes jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (model_id, version))`,
      `CREATE TABLE model_deployments (
        id bigserial PRIMARY KEY,
        model_id uuid NOT NULL,
        version integer NOT NULL,
        node text NOT NULL,
        deployment_id text NOT NULL,
        process_definition_id text,
        process_definition_key text,
        engine_version integer,
        deployed_at timestamptz NOT NULL DEFAULT now(),
        instance_id text,
        FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE)`,
      `CREATE INDEX model_deployments_model ON model_deployments (model_id, deployed_at DESC)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE model_deployments`);
    await queryRunner.query(`DROP TABLE model_versions`);
    await queryRunner.query(`DROP TABLE models`);
  }
}
