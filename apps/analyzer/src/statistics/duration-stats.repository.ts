import { Injectable } from '@nestjs/common';
import { Queryable } from '../persistence/queryable';
import { RunningStats } from './welford.util';

/** (node, definition, activity); activity '' stands for the whole process. */
export interface DurationKey {
  nodeName: string;
  processDefinitionKey: string;
  activityId: string;
}

@Injectable()
export class DurationStatsRepository {
  /**
   * The key's baseline, row-locked until the transaction ends so concurrent
   * facts of one key apply in turn. One round trip: the no-op update of an
   * existing row takes the lock and returns it; a new key starts empty.
   */
  async lock(q: Queryable, key: DurationKey): Promise<RunningStats> {
    const [row] = await q.query<{ sample_count: string; mean: number; m2: number }[]>(
      `INSERT INTO duration_stats (node_name, process_definition_key, activity_id, sample_count, mean, m2)
       VALUES ($1, $2, $3, 0, 0, 0)
       ON CONFLICT (node_name, process_definition_key, activity_id) DO UPDATE SET sample_count = duration_stats.sample_count
       RETURNING sample_count, mean, m2`,
      [key.nodeName, key.processDefinitionKey, key.activityId],
    );
    return { count: Number(row.sample_count), mean: Number(row.mean), m2: Number(row.m2) };
  }

  async save(q: Queryable, key: DurationKey, stats: RunningStats): Promise<void> {
    await q.query(
      `UPDATE duration_stats SET sample_count = $4, mean = $5, m2 = $6, updated_at = now()
       WHERE node_name = $1 AND process_definition_key = $2 AND activity_id = $3`,
      [key.nodeName, key.processDefinitionKey, key.activityId, stats.count, stats.mean, stats.m2],
    );
  }
}
