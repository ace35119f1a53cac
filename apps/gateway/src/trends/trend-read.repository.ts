import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Conditions } from '../database/page-rows.util';
import { csvQuery } from '../http/paging';
import { Histogram, mergeHistograms, quantile } from './duration-histogram.util';

const HOUR_MS = 3_600_000;

/** Look-back window in whole hours, ending with the current hour. */
export const windowHours = z.coerce.number().int().min(1).max(720).default(24);

export const ProcessTrendQuerySchema = z.strictObject({
  hours: windowHours,
  nodeId: csvQuery(z.string().min(1).max(100)).optional(),
  processDefinitionKey: csvQuery(z.string().min(1).max(255)).optional(),
});
export type ProcessTrendQuery = z.output<typeof ProcessTrendQuerySchema>;

export const HealthTrendQuerySchema = z.strictObject({
  hours: windowHours,
  nodeId: csvQuery(z.string().min(1).max(100)).optional(),
});
export type HealthTrendQuery = z.output<typeof HealthTrendQuerySchema>;

export interface TrendPoint {
  hour: string;
  started: number;
  completed: number;
  /** p95 of the instances completed in this hour; null when none completed. */
  p95Ms: number | null;
  /** Incidents open at the end of this hour (now, for the current hour). */
  openIncidents: number;
}

export interface TrendSeries {
  processDefinitionKey: string | null;
  started: number;
  completed: number;
  p95Ms: number | null;
  openIncidents: number;
  series: TrendPoint[];
}

export interface HealthPoint {
  hour: string;
  averageScore: number;
  minScore: number;
  lastScore: number;
  lastStatus: string;
}

export interface ActivityDurations {
  activityId: string;
  activityName: string | null;
  count: number;
  meanMs: number;
  maxMs: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

interface Window {
  from: string;
  to: string;
  hours: number;
}

/** The window's hours, oldest first: the current hour and the `hours - 1` before it. */
export function windowOf(hours: number, now = new Date()): { window: Window; hourList: string[] } {
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const hourList = Array.from({ length: hours }, (_, i) =>
    new Date(current - (hours - 1 - i) * HOUR_MS).toISOString(),
  );
  return { window: { from: hourList[0], to: new Date(current + HOUR_MS).toISOString(), hours }, hourList };
}

interface ProcessRow {
  key: string;
  hour: Date;
  started: string;
  completed: string;
  opened: string;
  resolved: string;
  histograms: Histogram[];
}

/** Trends read from the hourly buckets; every answer is dense (one point per hour of the window). */
@Injectable()
export class TrendReadRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async processTrends(
    query: ProcessTrendQuery,
    now = new Date(),
  ): Promise<{ window: Window; cluster: TrendSeries; processes: TrendSeries[] }> {
    const { window, hourList } = windowOf(query.hours, now);
    const where = new Conditions()
      .add('hour >= ?', window.from)
      .add('node_id = ANY(?)', query.nodeId)
      .add('process_definition_key = ANY(?)', query.processDefinitionKey);
    const rows = await queryRows<ProcessRow>(
      this.db,
      `SELECT process_definition_key AS key, hour, sum(started) AS started, sum(completed) AS completed,
         sum(incidents_opened) AS opened, sum(incidents_resolved) AS resolved, jsonb_agg(duration_histogram) AS histograms
       FROM process_hourly ${where.where()} GROUP BY process_definition_key, hour`,
      where.params,
    );
    const open = new Conditions()
      .add('node_id = ANY(?)', query.nodeId)
      .add('process_definition_key = ANY(?)', query.processDefinitionKey);
    const openNow = await queryRows<{ key: string; n: string }>(
      this.db,
      `SELECT process_definition_key AS key, count(*) AS n FROM incidents
       WHERE status = 'open' AND process_definition_key IS NOT NULL ${open.where().replace(/^WHERE /, 'AND ')}
       GROUP BY process_definition_key`,
      open.params,
    );
    const byKey = new Map<string, ProcessRow[]>();
    for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    const openByKey = new Map(openNow.map((r) => [r.key, Number(r.n)]));
    for (const key of openByKey.keys()) if (!byKey.has(key)) byKey.set(key, []);
    const processes = [...byKey.entries()]
      .map(([key, keyRows]) => series(key, keyRows, hourList, openByKey.get(key) ?? 0))
      .sort((a, b) => (a.processDefinitionKey ?? '').localeCompare(b.processDefinitionKey ?? ''));
    const cluster = series(
      null,
      rows,
      hourList,
      [...openByKey.values()].reduce((a, b) => a + b, 0),
    );
    return { window, cluster, processes };
  }

  async healthTrends(
    query: HealthTrendQuery,
    now = new Date(),
  ): Promise<{ window: Window; cluster: HealthPoint[]; nodes: { nodeId: string; series: HealthPoint[] }[] }> {
    const { window } = windowOf(query.hours, now);
    const subjects = query.nodeId ? ['', ...query.nodeId] : undefined;
    const where = new Conditions().add('hour >= ?', window.from).add('subject = ANY(?)', subjects);
    const rows = await queryRows<{
      subject: string;
      hour: Date;
      samples: number;
      score_sum: number;
      score_min: number;
      last_score: number;
      last_status: string;
    }>(
      this.db,
      `SELECT subject, hour, samples, score_sum, score_min, last_score, last_status FROM health_hourly ${where.where()}
       ORDER BY subject, hour`,
      where.params,
    );
    const bySubject = new Map<string, HealthPoint[]>();
    for (const r of rows)
      bySubject.set(r.subject, [
        ...(bySubject.get(r.subject) ?? []),
        {
          hour: r.hour.toISOString(),
          averageScore: Math.round((10 * r.score_sum) / r.samples) / 10,
          minScore: r.score_min,
          lastScore: r.last_score,
          lastStatus: r.last_status,
        },
      ]);
    return {
      window,
      cluster: bySubject.get('') ?? [],
      nodes: [...bySubject.entries()]
        .filter(([subject]) => subject !== '')
        .map(([nodeId, points]) => ({ nodeId, series: points })),
    };
  }

  /** Durations per activity of the given definition ids on one node, completed since `from`. */
  async activityDurations(
    nodeId: string,
    definitionIds: string[],
    from: string,
  ): Promise<ActivityDurations[]> {
    const params = [nodeId, definitionIds, from];
    const [figures, buckets] = await Promise.all([
      queryRows<{ activity_id: string; activity_name: string | null; n: string; total: number; max: number }>(
        this.db,
        `SELECT activity_id, max(activity_name) AS activity_name, sum(count) AS n, sum(total_ms) AS total, max(max_ms) AS max
         FROM activity_hourly WHERE node_id = $1 AND process_definition_id = ANY($2) AND hour >= $3 GROUP BY activity_id`,
        params,
      ),
      queryRows<{ activity_id: string; bucket: string; n: string }>(
        this.db,
        `SELECT a.activity_id, e.key AS bucket, sum(e.value::integer) AS n
         FROM activity_hourly a CROSS JOIN LATERAL jsonb_each_text(a.histogram) e
         WHERE a.node_id = $1 AND a.process_definition_id = ANY($2) AND a.hour >= $3 GROUP BY a.activity_id, e.key`,
        params,
      ),
    ]);
    const histograms = new Map<string, Histogram>();
    for (const b of buckets) {
      const histogram = histograms.get(b.activity_id) ?? {};
      histogram[b.bucket] = Number(b.n);
      histograms.set(b.activity_id, histogram);
    }
    return figures.map((f) => {
      const histogram = histograms.get(f.activity_id) ?? {};
      const count = Number(f.n);
      return {
        activityId: f.activity_id,
        activityName: f.activity_name,
        count,
        meanMs: count > 0 ? Math.round(f.total / count) : 0,
        maxMs: f.max,
        p50Ms: rounded(quantile(histogram, 0.5)),
        p95Ms: rounded(quantile(histogram, 0.95)),
        p99Ms: rounded(quantile(histogram, 0.99)),
      };
    });
  }
}

function rounded(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms);
}

/**
 * One dense series. Open incidents at the end of an hour are walked back from
 * the number open now: each later hour's openings are taken off and its
 * resolutions put back.
 */
function series(key: string | null, rows: ProcessRow[], hourList: string[], openNow: number): TrendSeries {
  const byHour = new Map<
    string,
    { started: number; completed: number; opened: number; resolved: number; histogram: Histogram }
  >();
  for (const r of rows) {
    const hour = r.hour.toISOString();
    const point = byHour.get(hour) ?? { started: 0, completed: 0, opened: 0, resolved: 0, histogram: {} };
    point.started += Number(r.started);
    point.completed += Number(r.completed);
    point.opened += Number(r.opened);
    point.resolved += Number(r.resolved);
    for (const h of r.histograms) mergeHistograms(point.histogram, h);
    byHour.set(hour, point);
  }
  const points: TrendPoint[] = [];
  const all: Histogram = {};
  let open = openNow;
  for (let i = hourList.length - 1; i >= 0; i -= 1) {
    const point = byHour.get(hourList[i]);
    points.unshift({
      hour: hourList[i],
      started: point?.started ?? 0,
      completed: point?.completed ?? 0,
      p95Ms: point ? rounded(quantile(point.histogram, 0.95)) : null,
      openIncidents: Math.max(0, open),
    });
    if (point) {
      open += point.resolved - point.opened;
      mergeHistograms(all, point.histogram);
    }
  }
  return {
    processDefinitionKey: key,
    started: points.reduce((sum, p) => sum + p.started, 0),
    completed: points.reduce((sum, p) => sum + p.completed, 0),
    p95Ms: rounded(quantile(all, 0.95)),
    openIncidents: Math.max(0, openNow),
    series: points,
  };
}
