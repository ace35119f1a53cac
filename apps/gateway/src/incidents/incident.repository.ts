import { Inject, Injectable } from '@nestjs/common';
import { Queryable, queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import type { IncidentAnalyzed, IncidentOpened, IncidentResolved } from '@flowpilot/shared';
import { RecentCounts } from '../database/recent-counts';
import { IncidentListSettings } from '../gateway.settings';
import { Paged } from '../http/paging';
import { IncidentListQuery } from './incident-query.schema';

export interface IncidentView {
  incidentId: string;
  nodeId: string;
  incidentType: string | null;
  message: string | null;
  processDefinitionKey: string | null;
  processInstanceId: string | null;
  activityId: string | null;
  status: 'open' | 'resolved';
  openedAt: string | null;
  resolvedAt: string | null;
  analysis: IncidentAnalyzed | null;
}

interface IncidentRow {
  node_id: string;
  incident_id: string;
  incident_type: string | null;
  message: string | null;
  process_definition_key: string | null;
  process_instance_id: string | null;
  activity_id: string | null;
  status: 'open' | 'resolved';
  opened_at: Date | null;
  resolved_at: Date | null;
  analysis: IncidentAnalyzed | null;
  job_id: string | null;
  external_task_id: string | null;
}

/** What remediation needs besides the public view. */
export interface IncidentTarget {
  view: IncidentView;
  jobId: string | null;
  externalTaskId: string | null;
}

/** What the list shows; the list leaves out the columns only remediation needs. */
const VIEW_COLUMNS = [
  'node_id',
  'incident_id',
  'incident_type',
  'message',
  'process_definition_key',
  'process_instance_id',
  'activity_id',
  'status',
  'opened_at',
  'resolved_at',
  'analysis',
]
  .map((column) => `i.${column}`)
  .join(', ');

type ViewRow = Omit<IncidentRow, 'job_id' | 'external_task_id'>;

const toView = (row: ViewRow): IncidentView => ({
  incidentId: row.incident_id,
  nodeId: row.node_id,
  incidentType: row.incident_type,
  message: row.message,
  processDefinitionKey: row.process_definition_key,
  processInstanceId: row.process_instance_id,
  activityId: row.activity_id,
  status: row.status,
  openedAt: row.opened_at?.toISOString() ?? null,
  resolvedAt: row.resolved_at?.toISOString() ?? null,
  analysis: row.analysis,
});

/**
 * The incident read model. Facts and analyses can arrive in any order (they are
 * on different topics): each upsert fills what it knows and keeps the rest, and
 * a resolved incident stays resolved whatever arrives after.
 */
@Injectable()
export class IncidentRepository {
  private readonly totals: RecentCounts;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(IncidentListSettings) settings: IncidentListSettings,
  ) {
    this.totals = new RecentCounts(settings.totalTtlMs);
  }

  async applyOpened(tx: Queryable, nodeId: string, p: IncidentOpened): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO incidents (node_id, incident_id, incident_type, message, process_definition_key, process_definition_id,
         process_instance_id, activity_id, job_id, external_task_id, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (node_id, incident_id) DO UPDATE SET
         incident_type = EXCLUDED.incident_type,
         message = EXCLUDED.message,
         process_definition_key = EXCLUDED.process_definition_key,
         process_definition_id = EXCLUDED.process_definition_id,
         process_instance_id = EXCLUDED.process_instance_id,
         activity_id = EXCLUDED.activity_id,
         job_id = EXCLUDED.job_id,
         external_task_id = EXCLUDED.external_task_id,
         opened_at = EXCLUDED.opened_at,
         updated_at = now()`,
      [
        nodeId,
        p.incidentId,
        p.incidentType,
        p.message,
        p.processDefinitionKey,
        p.processDefinitionId,
        p.processInstanceId,
        p.activityId ?? p.failedActivityId,
        p.jobId,
        p.externalTaskId,
        p.createdAt,
      ],
    );
  }

  async applyResolved(tx: Queryable, nodeId: string, p: IncidentResolved): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO incidents (node_id, incident_id, incident_type, process_definition_key, process_instance_id, activity_id,
         status, resolution, opened_at, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'resolved', $7, $8, $9)
       ON CONFLICT (node_id, incident_id) DO UPDATE SET
         incident_type = coalesce(incidents.incident_type, EXCLUDED.incident_type),
         process_definition_key = coalesce(incidents.process_definition_key, EXCLUDED.process_definition_key),
         process_instance_id = coalesce(incidents.process_instance_id, EXCLUDED.process_instance_id),
         activity_id = coalesce(incidents.activity_id, EXCLUDED.activity_id),
         opened_at = coalesce(incidents.opened_at, EXCLUDED.opened_at),
         status = 'resolved',
         resolution = EXCLUDED.resolution,
         resolved_at = EXCLUDED.resolved_at,
         updated_at = now()`,
      [
        nodeId,
        p.incidentId,
        p.incidentType,
        p.processDefinitionKey,
        p.processInstanceId,
        p.activityId,
        p.resolution,
        p.createdAt,
        p.endedAt,
      ],
    );
  }

  /** A later analysis replaces an earlier one; an older one arriving late is ignored. */
  async applyAnalysis(tx: Queryable, nodeId: string, p: IncidentAnalyzed): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO incidents (node_id, incident_id, incident_type, message, process_definition_key, process_instance_id, activity_id,
         family, analysis, analyzed_at, process_definition_id, job_id, external_task_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (node_id, incident_id) DO UPDATE SET
         incident_type = coalesce(incidents.incident_type, EXCLUDED.incident_type),
         message = coalesce(incidents.message, EXCLUDED.message),
         process_definition_key = coalesce(incidents.process_definition_key, EXCLUDED.process_definition_key),
         process_instance_id = coalesce(incidents.process_instance_id, EXCLUDED.process_instance_id),
         activity_id = coalesce(incidents.activity_id, EXCLUDED.activity_id),
         process_definition_id = coalesce(incidents.process_definition_id, EXCLUDED.process_definition_id),
         job_id = coalesce(incidents.job_id, EXCLUDED.job_id),
         external_task_id = coalesce(incidents.external_task_id, EXCLUDED.external_task_id),
         family = EXCLUDED.family,
         analysis = EXCLUDED.analysis,
         analyzed_at = EXCLUDED.analyzed_at,
         updated_at = now()
       WHERE incidents.analyzed_at IS NULL OR incidents.analyzed_at <= EXCLUDED.analyzed_at`,
      [
        nodeId,
        p.incidentId,
        p.incidentType,
        p.message,
        p.processDefinitionKey,
        p.processInstanceId,
        p.activityId,
        p.family,
        JSON.stringify(p),
        p.analyzedAt,
        p.processDefinitionId,
        p.jobId,
        p.externalTaskId,
      ],
    );
  }

  async list(query: IncidentListQuery): Promise<Paged<IncidentView>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    // One node as `=`: PostgreSQL reads an index in order for `=` but not for `= ANY`, and sorts the node's rows instead.
    if (query.nodeId?.length === 1) add('node_id = ?', query.nodeId[0]);
    else if (query.nodeId) add('node_id = ANY(?)', query.nodeId);
    if (query.status) add('status = ANY(?)', query.status);
    if (query.processDefinitionKey) add('process_definition_key = ANY(?)', query.processDefinitionKey);
    if (query.family) add('family = ANY(?)', query.family);
    if (query.incidentType) add('incident_type = ANY(?)', query.incidentType);
    if (query.openedAfter) add('opened_at >= ?', query.openedAfter);
    if (query.openedBefore) add('opened_at < ?', query.openedBefore);
    if (query.analyzed !== undefined)
      conditions.push(query.analyzed ? 'analysis IS NOT NULL' : 'analysis IS NULL');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const order = (alias: string) =>
      `${alias}${query.sort.column} ${query.sort.direction} NULLS LAST, ${alias}node_id, ${alias}incident_id`;
    // Sort and cut narrow keys first, then fetch the wide rows (analysis JSON) of one page only.
    const rows = await queryRows<ViewRow>(
      this.db,
      `WITH page AS (
         SELECT node_id, incident_id FROM incidents ${where} ORDER BY ${order('')} LIMIT $${params.length + 1} OFFSET $${params.length + 2}
       )
       SELECT ${VIEW_COLUMNS} FROM page JOIN incidents i USING (node_id, incident_id) ORDER BY ${order('i.')}`,
      [...params, query.limit, query.offset],
    );
    // A short, non-empty page (or a short first page) is the last one: it gives the exact total without counting.
    const lastPage = rows.length < query.limit && (rows.length > 0 || query.offset === 0);
    const seen = rows.length > 0 ? query.offset + rows.length : 0;
    // A remembered total may predate rows this page shows: it is never less than what the caller can see.
    const total = lastPage
      ? seen
      : Math.max(
          seen,
          await this.totals.get(JSON.stringify([where, params]), () => this.count(where, params)),
        );
    return { data: rows.map(toView), page: { limit: query.limit, offset: query.offset, total } };
  }

  async get(nodeId: string, incidentId: string): Promise<IncidentTarget | null> {
    const rows = await queryRows<IncidentRow>(
      this.db,
      `SELECT * FROM incidents WHERE node_id = $1 AND incident_id = $2`,
      [nodeId, incidentId],
    );
    const row = rows[0];
    return row ? { view: toView(row), jobId: row.job_id, externalTaskId: row.external_task_id } : null;
  }

  /** Open incidents per node and per analysis family, for health pages. */
  async openCounts(): Promise<{ nodeId: string; family: string | null; count: number }[]> {
    const rows = await queryRows<{ node_id: string; family: string | null; n: string }>(
      this.db,
      `SELECT node_id, family, count(*) AS n FROM incidents WHERE status = 'open' GROUP BY node_id, family`,
    );
    return rows.map((r) => ({ nodeId: r.node_id, family: r.family, count: Number(r.n) }));
  }

  private async count(where: string, params: unknown[]): Promise<number> {
    const rows = await queryRows<{ n: string }>(
      this.db,
      `SELECT count(*) AS n FROM incidents ${where}`,
      params,
    );
    return Number(rows[0].n);
  }
}
