import { Inject, Injectable } from '@nestjs/common';
import { Queryable, queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import type { EngineFlavour, EngineVersion, HealthScore, JvmMetrics, NodeStatus } from '@flowpilot/shared';

export interface NodeRecord {
  nodeId: string;
  url: string | null;
  status: 'up' | 'down' | 'unknown';
  restLatencyMs: number | null;
  reason: string | null;
  engineVersion: string | null;
  /** Null until a collector that detects flavours has reported the node. */
  engineFlavour: EngineFlavour | null;
  engineProduct: string | null;
  schemaVersion: string | null;
  statusChangedAt: string | null;
  jvm: JvmMetrics | null;
}

interface NodeRow {
  node_id: string;
  url: string | null;
  status: NodeRecord['status'];
  rest_latency_ms: number | null;
  reason: string | null;
  engine_version: string | null;
  engine_flavour: EngineFlavour | null;
  engine_product: string | null;
  schema_version: string | null;
  status_changed_at: Date | null;
  jvm: JvmMetrics | null;
}

const toRecord = (r: NodeRow): NodeRecord => ({
  nodeId: r.node_id,
  url: r.url,
  status: r.status,
  restLatencyMs: r.rest_latency_ms,
  reason: r.reason,
  engineVersion: r.engine_version,
  engineFlavour: r.engine_flavour,
  engineProduct: r.engine_product,
  schemaVersion: r.schema_version,
  statusChangedAt: r.status_changed_at?.toISOString() ?? null,
  jvm: r.jvm,
});

/** Node facts (status transitions, engine version, JVM figures) and health scores, newest wins. */
@Injectable()
export class NodeRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async applyStatus(tx: Queryable, nodeId: string, p: NodeStatus, occurredAt: string): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO nodes (node_id, url, status, rest_latency_ms, reason, engine_version, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (node_id) DO UPDATE SET url = EXCLUDED.url, status = EXCLUDED.status, rest_latency_ms = EXCLUDED.rest_latency_ms,
         reason = EXCLUDED.reason, engine_version = coalesce(EXCLUDED.engine_version, nodes.engine_version),
         status_changed_at = EXCLUDED.status_changed_at, updated_at = now()
       WHERE nodes.status_changed_at IS NULL OR nodes.status_changed_at <= EXCLUDED.status_changed_at`,
      [nodeId, p.url, p.status, p.restLatencyMs, p.reason, p.engineVersion, occurredAt],
    );
  }

  async applyVersion(tx: Queryable, nodeId: string, p: EngineVersion): Promise<void> {
    // A fact from a collector that predates flavour detection leaves the known flavour as it is.
    await queryRows(
      tx,
      `INSERT INTO nodes (node_id, engine_version, engine_flavour, engine_product, schema_version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (node_id) DO UPDATE SET engine_version = EXCLUDED.engine_version,
         engine_flavour = coalesce(EXCLUDED.engine_flavour, nodes.engine_flavour),
         engine_product = coalesce(EXCLUDED.engine_product, nodes.engine_product),
         schema_version = coalesce(EXCLUDED.schema_version, nodes.schema_version), updated_at = now()`,
      [nodeId, p.version, p.flavour ?? null, p.product ?? null, p.schemaVersion ?? null],
    );
  }

  async applyJvm(tx: Queryable, nodeId: string, p: JvmMetrics): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO nodes (node_id, jvm, jvm_observed_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (node_id) DO UPDATE SET jvm = EXCLUDED.jvm, jvm_observed_at = EXCLUDED.jvm_observed_at, updated_at = now()
       WHERE nodes.jvm_observed_at IS NULL OR nodes.jvm_observed_at <= EXCLUDED.jvm_observed_at`,
      [nodeId, JSON.stringify(p), p.observedAt],
    );
  }

  async applyHealth(tx: Queryable, p: HealthScore): Promise<void> {
    const scopeKey = p.scope === 'cluster' ? 'cluster' : `node:${p.nodeName}`;
    await queryRows(
      tx,
      `INSERT INTO health_scores (scope_key, node_id, score, status, report, computed_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (scope_key) DO UPDATE SET score = EXCLUDED.score, status = EXCLUDED.status, report = EXCLUDED.report, computed_at = EXCLUDED.computed_at
       WHERE health_scores.computed_at <= EXCLUDED.computed_at`,
      [scopeKey, p.nodeName, p.score, p.status, JSON.stringify(p), p.computedAt],
    );
  }

  async list(): Promise<NodeRecord[]> {
    return (await queryRows<NodeRow>(this.db, `SELECT * FROM nodes ORDER BY node_id`)).map(toRecord);
  }

  async healthScores(): Promise<{ cluster: HealthScore | null; nodes: Map<string, HealthScore> }> {
    const rows = await queryRows<{ scope_key: string; node_id: string | null; report: HealthScore }>(
      this.db,
      `SELECT scope_key, node_id, report FROM health_scores`,
    );
    const nodes = new Map<string, HealthScore>();
    let cluster: HealthScore | null = null;
    for (const row of rows) {
      if (row.scope_key === 'cluster') cluster = row.report;
      else if (row.node_id) nodes.set(row.node_id, row.report);
    }
    return { cluster, nodes };
  }
}
