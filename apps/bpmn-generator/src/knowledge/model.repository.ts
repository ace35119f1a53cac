import { Injectable } from '@nestjs/common';
import {
  DeploymentRecord,
  EnhancementPass,
  GENERATORS,
  LintFinding,
  ModelDetail,
  ModelStats,
  ModelSummary,
  SOURCE_KINDS,
  Suggestion,
  TemplateConfig,
  TemplateKind,
} from '@flowpilot/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProcessGraph } from '../graph/process-graph';
import { countFindings } from '../validation/bpmn-linter';

export interface NewVersion {
  requestId: string | null;
  name: string;
  processId: string;
  sourceKind: (typeof SOURCE_KINDS)[number];
  generator: (typeof GENERATORS)[number];
  sourceText: string | null;
  template: { kind: TemplateKind; config: TemplateConfig } | null;
  parentVersion: number | null;
  enhancements: EnhancementPass[];
  xml: string;
  graph: ProcessGraph | null;
  lintFindings: LintFinding[];
  suggestions: Suggestion[];
  stats: ModelStats;
  notes: string[];
}

interface VersionRow {
  model_id: string;
  version: number;
  created_at: Date;
  name: string;
  process_id: string;
  source_kind: NewVersion['sourceKind'];
  generator: NewVersion['generator'];
  source_text: string | null;
  template: NewVersion['template'];
  parent_version: number | null;
  enhancements: EnhancementPass[];
  xml: string;
  graph: ProcessGraph | null;
  lint_findings: LintFinding[];
  lint_errors: number;
  lint_warnings: number;
  suggestions: Suggestion[];
  stats: ModelStats;
  notes: string[];
}

interface DeploymentRow {
  node: string;
  deployment_id: string;
  process_definition_id: string | null;
  process_definition_key: string | null;
  engine_version: number | null;
  deployed_at: Date;
  instance_id: string | null;
}

const SUMMARY_COLUMNS = `v.model_id, v.version, v.created_at, v.name, v.process_id, v.source_kind, v.generator, v.lint_errors, v.lint_warnings`;

/** The knowledge base in the service's own schema: models, their versions and deployments. */
@Injectable()
export class ModelRepository {
  constructor(private readonly db: DataSource) {}

  /** The version a request already created (a redelivered request), if any. */
  async findByRequest(requestId: string): Promise<{ modelId: string; version: number } | null> {
    const rows: { model_id: string; version: number }[] = await this.db.query(
      `SELECT model_id, version FROM model_versions WHERE request_id = $1`,
      [requestId],
    );
    return rows[0] ? { modelId: rows[0].model_id, version: rows[0].version } : null;
  }

  /** A new model (version 1), or a new version of `modelId`. */
  async save(version: NewVersion, modelId?: string): Promise<{ modelId: string; version: number }> {
    return this.db.transaction(async (tx) => {
      let id = modelId;
      let next = 1;
      if (id) {
        // The row lock serialises concurrent new versions of one model.
        const rows: { latest_version: number }[] = await tx.query(
          `SELECT latest_version FROM models WHERE model_id = $1 FOR UPDATE`,
          [id],
        );
        if (!rows[0]) throw new Error(`model ${id} does not exist`);
        next = rows[0].latest_version + 1;
        await tx.query(
          `UPDATE models SET latest_version = $2, name = $3, process_id = $4, updated_at = now() WHERE model_id = $1`,
          [id, next, version.name, version.processId],
        );
      } else {
        id = randomUUID();
        await tx.query(
          `INSERT INTO models (model_id, name, process_id, latest_version) VALUES ($1, $2, $3, 1)`,
          [id, version.name, version.processId],
        );
      }
      const counts = countFindings(version.lintFindings);
      await tx.query(
        `INSERT INTO model_versions (model_id, version, request_id, name, process_id, source_kind, generator, source_text, template,
           parent_version, enhancements, xml, graph, lint_findings, lint_errors, lint_warnings, suggestions, stats, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
        [
          id,
          next,
          version.requestId,
          version.name,
          version.processId,
          version.sourceKind,
          version.generator,
          version.sourceText,
          version.template === null ? null : JSON.stringify(version.template),
          version.parentVersion,
          JSON.stringify(version.enhancements),
          version.xml,
          version.graph === null ? null : JSON.stringify(version.graph),
          JSON.stringify(version.lintFindings),
          counts.errors,
          counts.warnings,
          JSON.stringify(version.suggestions),
          JSON.stringify(version.stats),
          JSON.stringify(version.notes),
        ],
      );
      return { modelId: id, version: next };
    });
  }

  async detail(modelId: string, version?: number): Promise<ModelDetail | null> {
    const rows: VersionRow[] = await this.db.query(
      `SELECT v.* FROM model_versions v JOIN models m USING (model_id)
        WHERE v.model_id = $1 AND v.version = COALESCE($2, m.latest_version)`,
      [modelId, version ?? null],
    );
    const row = rows[0];
    if (!row) return null;
    const deployments = await this.deployments(modelId);
    const versions: { version: number; created_at: Date; source_kind: NewVersion['sourceKind'] }[] =
      await this.db.query(
        `SELECT version, created_at, source_kind FROM model_versions WHERE model_id = $1 ORDER BY version`,
        [modelId],
      );
    return {
      ...summaryOf(row, deployments[0] ?? null),
      xml: row.xml,
      sourceText: row.source_text,
      template: row.template,
      parentVersion: row.parent_version,
      enhancements: row.enhancements,
      lintFindings: row.lint_findings,
      suggestions: row.suggestions,
      stats: row.stats,
      notes: row.notes,
      deployments: deployments.slice(0, 200),
      versions: versions.map((v) => ({
        version: v.version,
        createdAt: v.created_at.toISOString(),
        sourceKind: v.source_kind,
      })),
    };
  }

  async graph(
    modelId: string,
    version?: number,
  ): Promise<{ graph: ProcessGraph | null; xml: string; version: number } | null> {
    const rows: { graph: ProcessGraph | null; xml: string; version: number }[] = await this.db.query(
      `SELECT v.graph, v.xml, v.version FROM model_versions v JOIN models m USING (model_id) WHERE v.model_id = $1 AND v.version = COALESCE($2, m.latest_version)`,
      [modelId, version ?? null],
    );
    return rows[0] ?? null;
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: ModelSummary[] }> {
    const [{ total }]: { total: string }[] = await this.db.query(`SELECT count(*) AS total FROM models`);
    const rows: VersionRow[] = await this.db.query(
      `SELECT ${SUMMARY_COLUMNS} FROM models m JOIN model_versions v ON v.model_id = m.model_id AND v.version = m.latest_version
        ORDER BY m.updated_at DESC, m.model_id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { total: Number(total), items: await this.withDeployments(rows) };
  }

  /** Models whose name, process id, source text or template mention every word of the query. */
  async search(query: string, limit: number): Promise<ModelSummary[]> {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    const conditions = words.map(
      (_w, i) =>
        `(v.name || ' ' || v.process_id || ' ' || coalesce(v.source_text, '') || ' ' || coalesce(v.template::text, '')) ILIKE $${i + 2}`,
    );
    const rows: VersionRow[] = await this.db.query(
      `SELECT ${SUMMARY_COLUMNS} FROM models m JOIN model_versions v ON v.model_id = m.model_id AND v.version = m.latest_version
        WHERE ${conditions.length > 0 ? conditions.join(' AND ') : 'true'} ORDER BY m.updated_at DESC LIMIT $1`,
      [limit, ...words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
    );
    return this.withDeployments(rows);
  }

  async recordDeployment(modelId: string, version: number, deployment: DeploymentRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO model_deployments (model_id, version, node, deployment_id, process_definition_id, process_definition_key, engine_version, deployed_at, instance_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        modelId,
        version,
        deployment.node,
        deployment.deploymentId,
        deployment.processDefinitionId,
        deployment.processDefinitionKey,
        deployment.engineVersion,
        deployment.deployedAt,
        deployment.instanceId,
      ],
    );
    await this.db.query(`UPDATE models SET updated_at = now() WHERE model_id = $1`, [modelId]);
  }

  private async deployments(modelId: string): Promise<DeploymentRecord[]> {
    const rows: DeploymentRow[] = await this.db.query(
      `SELECT * FROM model_deployments WHERE model_id = $1 ORDER BY deployed_at DESC, id DESC`,
      [modelId],
    );
    return rows.map(deploymentOf);
  }

  private async withDeployments(rows: VersionRow[]): Promise<ModelSummary[]> {
    if (rows.length === 0) return [];
    const latest: (DeploymentRow & { model_id: string })[] = await this.db.query(
      `SELECT DISTINCT ON (model_id) * FROM model_deployments WHERE model_id = ANY($1::uuid[]) ORDER BY model_id, deployed_at DESC, id DESC`,
      [rows.map((r) => r.model_id)],
    );
    const byModel = new Map(latest.map((d) => [d.model_id, deploymentOf(d)]));
    return rows.map((r) => summaryOf(r, byModel.get(r.model_id) ?? null));
  }
}

function summaryOf(row: VersionRow, latestDeployment: DeploymentRecord | null): ModelSummary {
  return {
    modelId: row.model_id,
    version: row.version,
    name: row.name,
    processId: row.process_id,
    sourceKind: row.source_kind,
    generator: row.generator,
    createdAt: row.created_at.toISOString(),
    lint: { errors: row.lint_errors, warnings: row.lint_warnings },
    latestDeployment,
  };
}

function deploymentOf(row: DeploymentRow): DeploymentRecord {
  return {
    node: row.node,
    deploymentId: row.deployment_id,
    processDefinitionId: row.process_definition_id,
    processDefinitionKey: row.process_definition_key,
    engineVersion: row.engine_version,
    deployedAt: row.deployed_at.toISOString(),
    instanceId: row.instance_id,
  };
}
