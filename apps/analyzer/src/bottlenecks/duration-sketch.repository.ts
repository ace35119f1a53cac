import { Injectable } from '@nestjs/common';
import { Queryable } from '../persistence/queryable';
import { DdSketch } from '../statistics/dd-sketch.util';
import { DurationKey } from '../statistics/duration-stats.repository';

export interface WindowedDurations {
  activityId: string;
  activityName: string | null;
  sketch: DdSketch;
  totalMs: number;
  maxMs: number;
}

/**
 * DDSketch buckets per (key, day) as rows: recording a duration is one upsert
 * of one bucket count (no read-modify-write), and a window is the SQL sum of
 * its days' buckets, merged exactly.
 */
@Injectable()
export class DurationSketchRepository {
  async record(
    q: Queryable,
    key: DurationKey,
    day: string,
    bucket: number,
    durationMs: number,
    activityName: string | null,
  ): Promise<void> {
    const params = [key.nodeName, key.processDefinitionKey, key.activityId, day];
    await q.query(
      `INSERT INTO duration_buckets (node_name, process_definition_key, activity_id, day, bucket, sample_count)
       VALUES ($1, $2, $3, $4, $5, 1)
       ON CONFLICT (node_name, process_definition_key, activity_id, day, bucket)
       DO UPDATE SET sample_count = duration_buckets.sample_count + 1`,
      [...params, bucket],
    );
    await q.query(
      `INSERT INTO duration_days (node_name, process_definition_key, activity_id, day, activity_name, sample_count, total_ms, max_ms)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $6)
       ON CONFLICT (node_name, process_definition_key, activity_id, day) DO UPDATE SET
         sample_count = duration_days.sample_count + 1,
         total_ms = duration_days.total_ms + EXCLUDED.total_ms,
         max_ms = GREATEST(duration_days.max_ms, EXCLUDED.max_ms),
         activity_name = COALESCE(EXCLUDED.activity_name, duration_days.activity_name)`,
      [...params, activityName, durationMs],
    );
  }

  /** Definitions with activity data in the window, per node. */
  async definitionsSince(
    q: Queryable,
    fromDay: string,
  ): Promise<{ nodeName: string; processDefinitionKey: string }[]> {
    const rows = await q.query<{ node_name: string; process_definition_key: string }[]>(
      `SELECT DISTINCT node_name, process_definition_key FROM duration_days WHERE day >= $1 ORDER BY 1, 2`,
      [fromDay],
    );
    return rows.map((r) => ({ nodeName: r.node_name, processDefinitionKey: r.process_definition_key }));
  }

  /** Each activity of a definition (or '' for the whole process) over the window, its day sketches merged. */
  async window(
    q: Queryable,
    nodeName: string,
    processDefinitionKey: string,
    fromDay: string,
    relativeAccuracy: number,
  ): Promise<WindowedDurations[]> {
    const params = [nodeName, processDefinitionKey, fromDay];
    const totals = await q.query<
      { activity_id: string; activity_name: string | null; total_ms: number; max_ms: number }[]
    >(
      `SELECT activity_id, MAX(activity_name) AS activity_name, SUM(total_ms) AS total_ms, MAX(max_ms) AS max_ms
       FROM duration_days WHERE node_name = $1 AND process_definition_key = $2 AND day >= $3 GROUP BY activity_id`,
      params,
    );
    const buckets = await q.query<{ activity_id: string; bucket: number; n: string }[]>(
      `SELECT activity_id, bucket, SUM(sample_count) AS n
       FROM duration_buckets WHERE node_name = $1 AND process_definition_key = $2 AND day >= $3 GROUP BY activity_id, bucket`,
      params,
    );
    const byActivity = new Map<string, [number, number][]>();
    for (const b of buckets) {
      const list = byActivity.get(b.activity_id) ?? [];
      list.push([Number(b.bucket), Number(b.n)]);
      byActivity.set(b.activity_id, list);
    }
    return totals.map((t) => ({
      activityId: t.activity_id,
      activityName: t.activity_name,
      sketch: DdSketch.fromBuckets(byActivity.get(t.activity_id) ?? [], relativeAccuracy),
      totalMs: Number(t.total_ms),
      maxMs: Number(t.max_ms),
    }));
  }

  async pruneBefore(q: Queryable, day: string): Promise<void> {
    await q.query(`DELETE FROM duration_buckets WHERE day < $1`, [day]);
    await q.query(`DELETE FROM duration_days WHERE day < $1`, [day]);
  }
}
