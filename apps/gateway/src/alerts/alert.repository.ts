import { Inject, Injectable } from '@nestjs/common';
import { Queryable, queryRows } from '@flowpilot/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Conditions, pageRows } from '../database/page-rows.util';
import { csvQuery, Paged, pagingQuery, sortQuery } from '../http/paging';

export const ALERT_KINDS = [
  'sla-at-risk',
  'sla-breached',
  'anomaly',
  'node-down',
  'job-failure-risk',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface NewAlert {
  sourceEventId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  nodeId: string | null;
  processDefinitionKey: string | null;
  /** What the alert is about (a node, an instance, a task): later events about it can resolve it. */
  subjectKey: string;
  title: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface AlertView extends Omit<NewAlert, 'sourceEventId'> {
  id: string;
  sourceEventId: string;
  status: AlertStatus;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  note: string | null;
}

interface AlertRow {
  id: string;
  source_event_id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  node_id: string | null;
  process_definition_key: string | null;
  subject_key: string;
  title: string;
  details: Record<string, unknown>;
  status: AlertStatus;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  note: string | null;
}

const toView = (r: AlertRow): AlertView => ({
  id: r.id,
  sourceEventId: r.source_event_id,
  kind: r.kind,
  severity: r.severity,
  nodeId: r.node_id,
  processDefinitionKey: r.process_definition_key,
  subjectKey: r.subject_key,
  title: r.title,
  details: r.details,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  acknowledgedBy: r.acknowledged_by,
  resolvedAt: r.resolved_at?.toISOString() ?? null,
  resolvedBy: r.resolved_by,
  note: r.note,
});

export const AlertListQuerySchema = z.strictObject({
  ...pagingQuery,
  status: csvQuery(z.enum(ALERT_STATUSES)).optional(),
  kind: csvQuery(z.enum(ALERT_KINDS)).optional(),
  severity: csvQuery(z.enum(ALERT_SEVERITIES)).optional(),
  nodeId: csvQuery(z.string().min(1).max(100)).optional(),
  processDefinitionKey: csvQuery(z.string().min(1).max(255)).optional(),
  sort: sortQuery(
    {
      createdAt: 'created_at',
      severity: "array_position(ARRAY['info','warning','critical'], severity)",
      kind: 'kind',
    },
    '-createdAt',
  ),
});
export type AlertListQuery = z.output<typeof AlertListQuerySchema>;

/**
 * Alerts raised from consumed judgements (SLA, anomalies, node down, high
 * job-failure risk). People acknowledge and resolve them; a node coming back
 * up resolves its node-down alert on its own.
 */
@Injectable()
export class AlertRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Raises an alert once per source event. With `unlessOpen`, nothing is raised while an unresolved alert
   * of the same kind is about the same subject (periodic reports repeat what is already known).
   */
  async raise(tx: Queryable, alert: NewAlert, options: { unlessOpen?: boolean } = {}): Promise<void> {
    const guard = options.unlessOpen
      ? `WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE kind = $3 AND subject_key = $7 AND status <> 'resolved')`
      : '';
    await queryRows(
      tx,
      `INSERT INTO alerts (id, source_event_id, kind, severity, node_id, process_definition_key, subject_key, title, details, created_at)
       SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::jsonb, $10::timestamptz ${guard} ON CONFLICT (source_event_id, kind) DO NOTHING`,
      [
        randomUUID(),
        alert.sourceEventId,
        alert.kind,
        alert.severity,
        alert.nodeId,
        alert.processDefinitionKey,
        alert.subjectKey,
        alert.title,
        JSON.stringify(alert.details),
        alert.createdAt,
      ],
    );
  }

  /** Resolves what is still open about a subject (e.g. node-down alerts when the node is up again). */
  async resolveSubject(
    tx: Queryable,
    kind: AlertKind,
    subjectKey: string,
    by: string,
    at: string,
  ): Promise<void> {
    await queryRows(
      tx,
      `UPDATE alerts SET status = 'resolved', resolved_at = $4, resolved_by = $3 WHERE kind = $1 AND subject_key = $2 AND status <> 'resolved'`,
      [kind, subjectKey, by, at],
    );
  }

  async list(query: AlertListQuery): Promise<Paged<AlertView>> {
    const where = new Conditions()
      .add('status = ANY(?)', query.status)
      .add('kind = ANY(?)', query.kind)
      .add('severity = ANY(?)', query.severity)
      .add('node_id = ANY(?)', query.nodeId)
      .add('process_definition_key = ANY(?)', query.processDefinitionKey);
    const { rows, total } = await pageRows<AlertRow>(
      this.db,
      {
        select: '*',
        from: `alerts ${where.where()}`,
        orderBy: `${query.sort.column} ${query.sort.direction}, id`,
      },
      where.params,
      query.limit,
      query.offset,
    );
    return { data: rows.map(toView), page: { limit: query.limit, offset: query.offset, total } };
  }

  async get(id: string): Promise<AlertView | null> {
    const rows = await queryRows<AlertRow>(this.db, `SELECT * FROM alerts WHERE id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Acknowledging a resolved alert changes nothing; the answer says so by its status. */
  async acknowledge(id: string, by: string, note: string | null): Promise<AlertView | null> {
    const rows = await queryRows<AlertRow>(
      this.db,
      `UPDATE alerts SET status = CASE WHEN status = 'open' THEN 'acknowledged' ELSE status END,
         acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $2), note = coalesce($3, note)
       WHERE id = $1 RETURNING *`,
      [id, by, note],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  async resolve(id: string, by: string, note: string | null): Promise<AlertView | null> {
    const rows = await queryRows<AlertRow>(
      this.db,
      `UPDATE alerts SET status = 'resolved', resolved_at = coalesce(resolved_at, now()), resolved_by = coalesce(resolved_by, $2), note = coalesce($3, note)
       WHERE id = $1 RETURNING *`,
      [id, by, note],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  async openCount(): Promise<Record<AlertSeverity, number>> {
    const rows = await queryRows<{ severity: AlertSeverity; n: string }>(
      this.db,
      `SELECT severity, count(*) AS n FROM alerts WHERE status <> 'resolved' GROUP BY severity`,
    );
    const counts: Record<AlertSeverity, number> = { info: 0, warning: 0, critical: 0 };
    for (const r of rows) counts[r.severity] = Number(r.n);
    return counts;
  }
}
