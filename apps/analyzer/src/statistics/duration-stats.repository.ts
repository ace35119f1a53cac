import { Queryable, returnedRows } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';
import { RunningStats } from './welford.util';

/** (node, definition, activity); activity '' stands for the whole process. */
export interface DurationKey {
  nodeId: string;
  processDefinitionKey: string;
  activityId: string;
}

/** One string per key, for maps that fold a batch per key. */
export function durationKeyId(key: DurationKey): string {
  return `${key.nodeId}\u0000${key.processDefinitionKey}\u0000${key.activityId}`;
}

/** Distinct keys in one fixed order, so concurrent transactions lock shared rows in the same order. */
export function sortedDistinctKeys(keys: Iterable<DurationKey>): DurationKey[] {
  const byId = new Map<string, DurationKey>();
  for (const key of keys) byId.set(durationKeyId(key), key);
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => key);
}

@Injectable()
export class DurationStatsRepository {
  /**
   * The baselines of `keys`, row-locked until the transaction ends so
   * concurrent batches touching a key apply in turn. One round trip for the
   * whole batch: the no-op update of an existing row takes the lock and
   * returns it; a new key starts empty.
   */
  async lockAll(q: Queryable, keys: Iterable<DurationKey>): Promise<Map<string, RunningStats>> {
    const sorted = sortedDistinctKeys(keys);
    const rows = returnedRows<{
      node_name: string;
      process_definition_key: string;
      activity_id: string;
      sample_count: string;
      mean: number;
      m2: number;
    }>(
      await q.query(
        `INSERT INTO duration_stats (node_name, process_definition_key, activity_id, sample_count, mean, m2)
         SELECT n, p, a, 0, 0, 0 FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(n, p, a, i) ORDER BY i
         ON CONFLICT (node_name, process_definition_key, activity_id) DO UPDATE SET sample_count = duration_stats.sample_count
         RETURNING node_name, process_definition_key, activity_id, sample_count, mean, m2`,
        [
          sorted.map((k) => k.nodeId),
          sorted.map((k) => k.processDefinitionKey),
          sorted.map((k) => k.activityId),
        ],
      ),
    );
    return new Map(
      rows.map((r) => [
        durationKeyId({
          nodeId: r.node_name,
          processDefinitionKey: r.process_definition_key,
          activityId: r.activity_id,
        }),
        { count: Number(r.sample_count), mean: Number(r.mean), m2: Number(r.m2) },
      ]),
    );
  }

  /** Writes the folded baselines of keys locked by `lockAll` in this transaction: one statement. */
  async saveAll(q: Queryable, stats: { key: DurationKey; stats: RunningStats }[]): Promise<void> {
    if (stats.length === 0) return;
    await q.query(
      `UPDATE duration_stats d SET sample_count = u.c, mean = u.m, m2 = u.m2, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[], $6::float8[]) AS u(n, p, a, c, m, m2)
       WHERE d.node_name = u.n AND d.process_definition_key = u.p AND d.activity_id = u.a`,
      [
        stats.map((s) => s.key.nodeId),
        stats.map((s) => s.key.processDefinitionKey),
        stats.map((s) => s.key.activityId),
        stats.map((s) => s.stats.count),
        stats.map((s) => s.stats.mean),
        stats.map((s) => s.stats.m2),
      ],
    );
  }
}
