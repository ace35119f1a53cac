import { Queryable } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';
import { DdSketch } from '../statistics/dd-sketch.util';
import { DurationKey, durationKeyId } from '../statistics/duration-stats.repository';

/** One finished duration, placed in its day and sketch bucket. */
export interface DurationSample {
  key: DurationKey;
  day: string;
  bucket: number;
  durationMs: number;
  activityName: string | null;
}

function sortedById<T>(rows: Map<string, T>): T[] {
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

export interface WindowedDurations {
  activityId: string;
  activityName: string | null;
  sketch: DdSketch;
  totalMs: number;
  maxMs: number;
}

/**
 * DDSketch buckets per (key, day) as rows: recording durations is an upsert
 * of bucket counts (no read-modify-write), and a window is the SQL sum of
 * its days' buckets, merged exactly.
 */
@Injectable()
export class DurationSketchRepository {
  /**
   * Adds a batch of durations: bucket counts and day totals are folded per
   * (key, day) in memory first, then written with one upsert each, rows in
   * key order (concurrent batches lock shared rows in the same order).
   */
  async recordAll(q: Queryable, samples: readonly DurationSample[]): Promise<void> {
    if (samples.length === 0) return;
    const buckets = new Map<string, { key: DurationKey; day: string; bucket: number; count: number }>();
    const days = new Map<
      string,
      { key: DurationKey; day: string; name: string | null; count: number; totalMs: number; maxMs: number }
    >();
    for (const s of samples) {
      const dayId = `${durationKeyId(s.key)}\u0000${s.day}`;
      const bucketId = `${dayId}\u0000${s.bucket}`;
      const b = buckets.get(bucketId) ?? { key: s.key, day: s.day, bucket: s.bucket, count: 0 };
      b.count += 1;
      buckets.set(bucketId, b);
      const d = days.get(dayId) ?? { key: s.key, day: s.day, name: null, count: 0, totalMs: 0, maxMs: 0 };
      d.count += 1;
      d.totalMs += s.durationMs;
      d.maxMs = d.count === 1 ? s.durationMs : Math.max(d.maxMs, s.durationMs);
      // The latest name seen wins, as it did one fact at a time.
      d.name = s.activityName ?? d.name;
      days.set(dayId, d);
    }
    const bucketRows = sortedById(buckets);
    await q.query(
      `INSERT INTO duration_buckets (node_name, process_definition_key, activity_id, day, bucket, sample_count)
       SELECT n, p, a, d, b, c FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::int[], $6::bigint[])
         WITH ORDINALITY AS u(n, p, a, d, b, c, i) ORDER BY i
       ON CONFLICT (node_name, process_definition_key, activity_id, day, bucket)
       DO UPDATE SET sample_count = duration_buckets.sample_count + EXCLUDED.sample_count`,
      [
        bucketRows.map((r) => r.key.nodeId),
        bucketRows.map((r) => r.key.processDefinitionKey),
        bucketRows.map((r) => r.key.activityId),
        bucketRows.map((r) => r.day),
        bucketRows.map((r) => r.bucket),
        bucketRows.map((r) => r.count),
      ],
    );
    const dayRows = sortedById(days);
    await q.query(
      `INSERT INTO duration_days (node_name, process_definition_key, activity_id, day, activity_name, sample_count, total_ms, max_ms)
       SELECT n, p, a, d, nm, c, t, mx FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::bigint[], $7::float8[], $8::float8[])
         WITH ORDINALITY AS u(n, p, a, d, nm, c, t, mx, i) ORDER BY i
       ON CONFLICT (node_name, process_definition_key, activity_id, day) DO UPDATE SET
         sample_count = duration_days.sample_count + EXCLUDED.sample_count,
         total_ms = duration_days.total_ms + EXCLUDED.total_ms,
         max_ms = GREATEST(duration_days.max_ms, EXCLUDED.max_ms),
         activity_name = COALESCE(EXCLUDED.activity_name, duration_days.activity_name)`,
      [
        dayRows.map((r) => r.key.nodeId),
        dayRows.map((r) => r.key.processDefinitionKey),
        dayRows.map((r) => r.key.activityId),
        dayRows.map((r) => r.day),
        dayRows.map((r) => r.name),
        dayRows.map((r) => r.count),
        dayRows.map((r) => r.totalMs),
        dayRows.map((r) => r.maxMs),
      ],
    );
  }

  /** Definitions with activity data in the window, per node. */
  async definitionsSince(
    q: Queryable,
    fromDay: string,
  ): Promise<{ nodeId: string; processDefinitionKey: string }[]> {
    const rows = await q.query<{ node_name: string; process_definition_key: string }[]>(
      `SELECT DISTINCT node_name, process_definition_key FROM duration_days WHERE day >= $1 ORDER BY 1, 2`,
      [fromDay],
    );
    return rows.map((r) => ({ nodeId: r.node_name, processDefinitionKey: r.process_definition_key }));
  }

  /** Each activity of a definition (or '' for the whole process) over the window, its day sketches merged. */
  async window(
    q: Queryable,
    nodeId: string,
    processDefinitionKey: string,
    fromDay: string,
    relativeAccuracy: number,
  ): Promise<WindowedDurations[]> {
    const params = [nodeId, processDefinitionKey, fromDay];
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
