import { Inject, Injectable } from '@nestjs/common';
import { Queryable, queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AnomalyDetected, BottlenecksReport, JobFailureRiskReport, SlaAlert } from '@flowpilot/shared';
import { Conditions, pageRows } from '../database/page-rows.util';
import { csvQuery, Paged, pagingQuery, sortQuery } from '../http/paging';

const nodeIds = csvQuery(z.string().min(1).max(100)).optional();
const definitionKeys = csvQuery(z.string().min(1).max(255)).optional();
const since = z.iso.datetime({ offset: true }).optional();

export const AnomalyQuerySchema = z.strictObject({
  ...pagingQuery,
  nodeId: nodeIds,
  processDefinitionKey: definitionKeys,
  severity: csvQuery(z.enum(['warning', 'critical'])).optional(),
  scope: csvQuery(z.enum(['process', 'activity'])).optional(),
  since,
  sort: sortQuery(
    { detectedAt: 'detected_at', zScore: 'abs(z_score)', durationMs: 'duration_ms' },
    '-detectedAt',
  ),
});
export type AnomalyQuery = z.output<typeof AnomalyQuerySchema>;

export const BottleneckQuerySchema = z.strictObject({
  ...pagingQuery,
  nodeId: nodeIds,
  processDefinitionKey: definitionKeys,
  sort: sortQuery({ p95Ms: 'p95', p99Ms: 'p99', totalMs: 'total', count: 'n' }, '-p95Ms'),
});
export type BottleneckQuery = z.output<typeof BottleneckQuerySchema>;

export const SlaQuerySchema = z.strictObject({
  ...pagingQuery,
  nodeId: nodeIds,
  processDefinitionKey: definitionKeys,
  state: csvQuery(z.enum(['at-risk', 'breached'])).optional(),
  subject: csvQuery(z.enum(['process-instance', 'user-task'])).optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  since,
  sort: sortQuery(
    { detectedAt: 'detected_at', dueAt: 'due_at', shareOfTarget: 'share_of_target' },
    '-detectedAt',
  ),
});
export type SlaQuery = z.output<typeof SlaQuerySchema>;

export const RiskQuerySchema = z.strictObject({
  nodeId: nodeIds,
  level: csvQuery(z.enum(['low', 'medium', 'high'])).optional(),
});
export type RiskQuery = z.output<typeof RiskQuerySchema>;

export type AnomalyView = AnomalyDetected & { id: string; nodeId: string };
export type SlaView = SlaAlert & { eventId: string; nodeId: string };
export type BottleneckView = BottlenecksReport['activities'][number] & {
  nodeId: string;
  processDefinitionKey: string;
  windowDays: number;
  computedAt: string;
};
export type RiskView = JobFailureRiskReport['entries'][number] & { nodeId: string; computedAt: string };

/** The analyzer's judgements: anomalies and SLA alerts (one row each), bottleneck and risk reports (latest per key). */
@Injectable()
export class JudgementReadRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async addAnomaly(tx: Queryable, eventId: string, nodeId: string, p: AnomalyDetected): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO anomalies (event_id, node_id, scope, process_definition_key, activity_id, process_instance_id, severity, direction, z_score, duration_ms, detected_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb) ON CONFLICT (event_id) DO NOTHING`,
      [
        eventId,
        nodeId,
        p.scope,
        p.processDefinitionKey,
        p.activityId,
        p.processInstanceId,
        p.severity,
        p.direction,
        p.zScore,
        p.durationMs,
        p.detectedAt,
        JSON.stringify(p),
      ],
    );
  }

  /** One row per subject and state; a later alert about the same subject and state replaces the earlier. */
  async upsertSla(
    tx: Queryable,
    eventId: string,
    nodeId: string,
    subjectKey: string,
    p: SlaAlert,
  ): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO sla_alerts (subject_key, state, node_id, subject, process_definition_key, process_instance_id, task_id, open, share_of_target, due_at, detected_at, event_id, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
       ON CONFLICT (subject_key, state) DO UPDATE SET open = EXCLUDED.open, share_of_target = EXCLUDED.share_of_target, due_at = EXCLUDED.due_at,
         detected_at = EXCLUDED.detected_at, event_id = EXCLUDED.event_id, payload = EXCLUDED.payload
       WHERE sla_alerts.detected_at <= EXCLUDED.detected_at`,
      [
        subjectKey,
        p.state,
        nodeId,
        p.subject,
        p.processDefinitionKey,
        p.processInstanceId,
        p.taskId,
        p.open,
        p.shareOfTarget,
        p.dueAt,
        p.detectedAt,
        eventId,
        JSON.stringify(p),
      ],
    );
  }

  async upsertBottlenecks(tx: Queryable, nodeId: string, p: BottlenecksReport): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO bottlenecks (node_id, process_definition_key, report, computed_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (node_id, process_definition_key) DO UPDATE SET report = EXCLUDED.report, computed_at = EXCLUDED.computed_at
       WHERE bottlenecks.computed_at <= EXCLUDED.computed_at`,
      [nodeId, p.processDefinitionKey, JSON.stringify(p), p.computedAt],
    );
  }

  async upsertRisk(tx: Queryable, nodeId: string, p: JobFailureRiskReport): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO job_failure_risks (node_id, report, computed_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (node_id) DO UPDATE SET report = EXCLUDED.report, computed_at = EXCLUDED.computed_at
       WHERE job_failure_risks.computed_at <= EXCLUDED.computed_at`,
      [nodeId, JSON.stringify(p), p.computedAt],
    );
  }

  async anomalies(query: AnomalyQuery): Promise<Paged<AnomalyView>> {
    const where = new Conditions()
      .add('node_id = ANY(?)', query.nodeId)
      .add('process_definition_key = ANY(?)', query.processDefinitionKey)
      .add('severity = ANY(?)', query.severity)
      .add('scope = ANY(?)', query.scope)
      .add('detected_at >= ?', query.since);
    const { rows, total } = await pageRows<{ event_id: string; node_id: string; payload: AnomalyDetected }>(
      this.db,
      {
        select: 'event_id, node_id, payload',
        from: `anomalies ${where.where()}`,
        orderBy: `${query.sort.column} ${query.sort.direction}, event_id`,
      },
      where.params,
      query.limit,
      query.offset,
    );
    return {
      data: rows.map((r) => ({ ...r.payload, id: r.event_id, nodeId: r.node_id })),
      page: { limit: query.limit, offset: query.offset, total },
    };
  }

  async sla(query: SlaQuery): Promise<Paged<SlaView>> {
    const where = new Conditions()
      .add('node_id = ANY(?)', query.nodeId)
      .add('process_definition_key = ANY(?)', query.processDefinitionKey)
      .add('state = ANY(?)', query.state)
      .add('subject = ANY(?)', query.subject)
      .add('open = ?', query.open)
      .add('detected_at >= ?', query.since);
    const { rows, total } = await pageRows<{ event_id: string; node_id: string; payload: SlaAlert }>(
      this.db,
      {
        select: 'event_id, node_id, payload',
        from: `sla_alerts ${where.where()}`,
        orderBy: `${query.sort.column} ${query.sort.direction}, subject_key, state`,
      },
      where.params,
      query.limit,
      query.offset,
    );
    return {
      data: rows.map((r) => ({ ...r.payload, eventId: r.event_id, nodeId: r.node_id })),
      page: { limit: query.limit, offset: query.offset, total },
    };
  }

  /** Every activity of the latest report of each (node, definition), flattened so they can be ranked together. */
  async bottlenecks(query: BottleneckQuery): Promise<Paged<BottleneckView>> {
    const where = new Conditions()
      .add('b.node_id = ANY(?)', query.nodeId)
      .add('b.process_definition_key = ANY(?)', query.processDefinitionKey);
    const from = `(
      SELECT b.node_id, b.process_definition_key, b.report, a.entry,
        (a.entry->>'p95Ms')::double precision AS p95, (a.entry->>'p99Ms')::double precision AS p99,
        (a.entry->>'totalMs')::double precision AS total, (a.entry->>'count')::double precision AS n
      FROM bottlenecks b CROSS JOIN LATERAL jsonb_array_elements(b.report->'activities') AS a(entry) ${where.where()}
    ) ranked`;
    const { rows, total } = await pageRows<{
      node_id: string;
      process_definition_key: string;
      report: BottlenecksReport;
      entry: BottlenecksReport['activities'][number];
    }>(
      this.db,
      {
        select: 'node_id, process_definition_key, report, entry',
        from,
        orderBy: `${query.sort.column} ${query.sort.direction}, node_id, process_definition_key, entry->>'activityId'`,
      },
      where.params,
      query.limit,
      query.offset,
    );
    return {
      data: rows.map((r) => ({
        ...r.entry,
        nodeId: r.node_id,
        processDefinitionKey: r.process_definition_key,
        windowDays: r.report.windowDays,
        computedAt: r.report.computedAt,
      })),
      page: { limit: query.limit, offset: query.offset, total },
    };
  }

  async risks(query: RiskQuery): Promise<RiskView[]> {
    const where = new Conditions().add('node_id = ANY(?)', query.nodeId);
    const rows = await queryRows<{ node_id: string; report: JobFailureRiskReport }>(
      this.db,
      `SELECT node_id, report FROM job_failure_risks ${where.where()}`,
      where.params,
    );
    return rows
      .flatMap((r) =>
        r.report.entries.map((e) => ({ ...e, nodeId: r.node_id, computedAt: r.report.computedAt })),
      )
      .filter((e) => !query.level || query.level.includes(e.level))
      .sort(
        (a, b) => b.riskScore - a.riskScore || a.processDefinitionKey.localeCompare(b.processDefinitionKey),
      );
  }
}
