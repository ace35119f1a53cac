import { Inject, Injectable } from '@nestjs/common';
import { Queryable, queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import type {
  ActivityCompleted,
  HealthScore,
  IncidentOpened,
  IncidentResolved,
  ProcessInstanceCompleted,
  ProcessInstanceStarted,
} from '@flowpilot/shared';
import { addDuration, Histogram } from './duration-histogram.util';

const HOUR_MS = 3_600_000;
const BATCH_SIZE = 5_000;

export function hourOf(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString();
}

/** Adds two sparse histograms in SQL (the stored one and the one being added). */
const MERGE_HISTOGRAMS = (stored: string, added: string) =>
  `(SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb) FROM (
     SELECT k, sum(v::integer) AS n FROM (
       SELECT * FROM jsonb_each_text(${stored}) UNION ALL SELECT * FROM jsonb_each_text(${added})
     ) e(k, v) GROUP BY k) s)`;

interface ProcessBucket {
  nodeId: string;
  key: string;
  hour: string;
  started: number;
  completed: number;
  histogram: Histogram;
  opened: number;
  resolved: number;
}

interface ActivityBucket {
  nodeId: string;
  definitionId: string;
  key: string;
  activityId: string;
  activityName: string | null;
  hour: string;
  count: number;
  totalMs: number;
  maxMs: number;
  histogram: Histogram;
}

/**
 * Projects facts and health scores into hourly buckets. Every method takes a
 * list of plain payloads of one node and folds it per bucket before writing, so
 * a batch of events costs one upsert per touched bucket; callers guarantee each
 * event is applied once (the projection ledger).
 */
@Injectable()
export class TrendBucketsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async applyProcessStarted(tx: Queryable, nodeId: string, facts: ProcessInstanceStarted[]): Promise<void> {
    const buckets = new ProcessBuckets(nodeId);
    for (const f of facts) buckets.at(f.processDefinitionKey, f.startedAt).started += 1;
    await this.writeProcessBuckets(tx, buckets.all());
  }

  async applyProcessCompleted(
    tx: Queryable,
    nodeId: string,
    facts: ProcessInstanceCompleted[],
  ): Promise<void> {
    const buckets = new ProcessBuckets(nodeId);
    for (const f of facts) {
      const bucket = buckets.at(f.processDefinitionKey, f.endedAt);
      bucket.completed += 1;
      addDuration(bucket.histogram, f.durationMs);
    }
    await this.writeProcessBuckets(tx, buckets.all());
  }

  async applyIncidentsOpened(tx: Queryable, nodeId: string, facts: IncidentOpened[]): Promise<void> {
    const buckets = new ProcessBuckets(nodeId);
    for (const f of facts)
      if (f.processDefinitionKey) buckets.at(f.processDefinitionKey, f.createdAt).opened += 1;
    await this.writeProcessBuckets(tx, buckets.all());
  }

  async applyIncidentsResolved(tx: Queryable, nodeId: string, facts: IncidentResolved[]): Promise<void> {
    const buckets = new ProcessBuckets(nodeId);
    for (const f of facts)
      if (f.processDefinitionKey) buckets.at(f.processDefinitionKey, f.endedAt).resolved += 1;
    await this.writeProcessBuckets(tx, buckets.all());
  }

  async applyActivitiesCompleted(tx: Queryable, nodeId: string, facts: ActivityCompleted[]): Promise<void> {
    const buckets = new Map<string, ActivityBucket>();
    for (const f of facts) {
      const hour = hourOf(f.endedAt);
      const id = `${f.processDefinitionId}\u0000${f.activityId}\u0000${hour}`;
      let bucket = buckets.get(id);
      if (!bucket) {
        bucket = {
          nodeId,
          definitionId: f.processDefinitionId,
          key: f.processDefinitionKey,
          activityId: f.activityId,
          activityName: f.activityName,
          hour,
          count: 0,
          totalMs: 0,
          maxMs: 0,
          histogram: {},
        };
        buckets.set(id, bucket);
      }
      bucket.count += 1;
      bucket.totalMs += f.durationMs;
      bucket.maxMs = Math.max(bucket.maxMs, f.durationMs);
      addDuration(bucket.histogram, f.durationMs);
    }
    for (const b of buckets.values())
      await queryRows(
        tx,
        `INSERT INTO activity_hourly (node_id, process_definition_id, activity_id, hour, process_definition_key, activity_name, count, total_ms, max_ms, histogram)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
         ON CONFLICT (node_id, process_definition_id, activity_id, hour) DO UPDATE SET
           count = activity_hourly.count + EXCLUDED.count, total_ms = activity_hourly.total_ms + EXCLUDED.total_ms,
           max_ms = greatest(activity_hourly.max_ms, EXCLUDED.max_ms),
           activity_name = coalesce(EXCLUDED.activity_name, activity_hourly.activity_name),
           histogram = ${MERGE_HISTOGRAMS('activity_hourly.histogram', 'EXCLUDED.histogram')}`,
        [
          b.nodeId,
          b.definitionId,
          b.activityId,
          b.hour,
          b.key,
          b.activityName,
          b.count,
          b.totalMs,
          b.maxMs,
          JSON.stringify(b.histogram),
        ],
      );
  }

  /** Node and cluster scores (the cluster under subject ''); the last score of an hour is the newest computed. */
  async applyHealth(tx: Queryable, scores: HealthScore[]): Promise<void> {
    for (const s of scores)
      await queryRows(
        tx,
        `INSERT INTO health_hourly (subject, hour, samples, score_sum, score_min, last_score, last_status, last_at)
         VALUES ($1, $2, 1, $3, $3, $3, $4, $5)
         ON CONFLICT (subject, hour) DO UPDATE SET samples = health_hourly.samples + 1,
           score_sum = health_hourly.score_sum + EXCLUDED.score_sum,
           score_min = least(health_hourly.score_min, EXCLUDED.score_min),
           last_score = CASE WHEN EXCLUDED.last_at >= health_hourly.last_at THEN EXCLUDED.last_score ELSE health_hourly.last_score END,
           last_status = CASE WHEN EXCLUDED.last_at >= health_hourly.last_at THEN EXCLUDED.last_status ELSE health_hourly.last_status END,
           last_at = greatest(health_hourly.last_at, EXCLUDED.last_at)`,
        [
          s.scope === 'cluster' ? '' : (s.nodeName ?? ''),
          hourOf(s.computedAt),
          s.score,
          s.status,
          s.computedAt,
        ],
      );
  }

  /** Deletes buckets of hours before `before`, in batches. */
  async prune(before: Date): Promise<number> {
    let total = 0;
    for (const table of ['process_hourly', 'activity_hourly', 'health_hourly'])
      for (;;) {
        const deleted = (
          await queryRows(
            this.db,
            `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE hour < $1 LIMIT $2) RETURNING 1`,
            [before, BATCH_SIZE],
          )
        ).length;
        total += deleted;
        if (deleted < BATCH_SIZE) break;
      }
    return total;
  }

  private async writeProcessBuckets(tx: Queryable, buckets: ProcessBucket[]): Promise<void> {
    for (const b of buckets)
      await queryRows(
        tx,
        `INSERT INTO process_hourly (node_id, process_definition_key, hour, started, completed, duration_histogram, incidents_opened, incidents_resolved)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
         ON CONFLICT (node_id, process_definition_key, hour) DO UPDATE SET
           started = process_hourly.started + EXCLUDED.started, completed = process_hourly.completed + EXCLUDED.completed,
           duration_histogram = ${MERGE_HISTOGRAMS('process_hourly.duration_histogram', 'EXCLUDED.duration_histogram')},
           incidents_opened = process_hourly.incidents_opened + EXCLUDED.incidents_opened,
           incidents_resolved = process_hourly.incidents_resolved + EXCLUDED.incidents_resolved`,
        [b.nodeId, b.key, b.hour, b.started, b.completed, JSON.stringify(b.histogram), b.opened, b.resolved],
      );
  }
}

class ProcessBuckets {
  private readonly buckets = new Map<string, ProcessBucket>();

  constructor(private readonly nodeId: string) {}

  at(key: string, iso: string): ProcessBucket {
    const hour = hourOf(iso);
    const id = `${key}\u0000${hour}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = {
        nodeId: this.nodeId,
        key,
        hour,
        started: 0,
        completed: 0,
        histogram: {},
        opened: 0,
        resolved: 0,
      };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }

  all(): ProcessBucket[] {
    return [...this.buckets.values()];
  }
}
