import { Queryable } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';
import { utcDay } from '../persistence/utc-day.util';
import { DurationKey, durationKeyId } from '../statistics/duration-stats.repository';

export interface OutcomeRow {
  nodeId: string;
  processDefinitionKey: string;
  activityId: string;
  day: string;
  failures: number;
  completions: number;
}

/** Daily failures and completions per activity (failure rates and their trend), and failures per node-minute (health: the last hour). */
@Injectable()
export class JobOutcomeRepository {
  /** Counts a batch of completions: folded per (key, day), one upsert in key order. */
  async addCompletions(
    q: Queryable,
    completions: readonly { key: DurationKey; day: string }[],
  ): Promise<void> {
    if (completions.length === 0) return;
    const folded = new Map<string, { key: DurationKey; day: string; count: number }>();
    for (const c of completions) {
      const id = `${durationKeyId(c.key)}\u0000${c.day}`;
      const row = folded.get(id) ?? { key: c.key, day: c.day, count: 0 };
      row.count += 1;
      folded.set(id, row);
    }
    const rows = [...folded.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    await q.query(
      `INSERT INTO job_outcome_days (node_name, process_definition_key, activity_id, day, failures, completions)
       SELECT n, p, a, d, 0, c FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[])
         WITH ORDINALITY AS u(n, p, a, d, c, i) ORDER BY i
       ON CONFLICT (node_name, process_definition_key, activity_id, day) DO UPDATE SET
         completions = job_outcome_days.completions + EXCLUDED.completions`,
      [
        rows.map((r) => r.key.nodeId),
        rows.map((r) => r.key.processDefinitionKey),
        rows.map((r) => r.key.activityId),
        rows.map((r) => r.day),
        rows.map((r) => r.count),
      ],
    );
  }

  async addFailure(q: Queryable, key: DurationKey, failedAt: string): Promise<void> {
    await this.add(q, key, utcDay(failedAt), 1, 0);
  }

  async addNodeFailure(q: Queryable, nodeId: string, failedAt: string): Promise<void> {
    await q.query(
      `INSERT INTO job_failure_minutes (node_name, minute, failures) VALUES ($1, date_trunc('minute', $2::timestamptz), 1)
       ON CONFLICT (node_name, minute) DO UPDATE SET failures = job_failure_minutes.failures + 1`,
      [nodeId, failedAt],
    );
  }

  /** Days in the window of every activity that failed at least once in it. */
  async failingSince(q: Queryable, fromDay: string): Promise<OutcomeRow[]> {
    const rows = await q.query<
      {
        node_name: string;
        process_definition_key: string;
        activity_id: string;
        day: string;
        failures: string;
        completions: string;
      }[]
    >(
      `SELECT o.node_name, o.process_definition_key, o.activity_id, to_char(o.day, 'YYYY-MM-DD') AS day, o.failures, o.completions
       FROM job_outcome_days o
       WHERE o.day >= $1 AND EXISTS (
         SELECT 1 FROM job_outcome_days f WHERE f.node_name = o.node_name AND f.process_definition_key = o.process_definition_key
           AND f.activity_id = o.activity_id AND f.day >= $1 AND f.failures > 0)
       ORDER BY 1, 2, 3, 4`,
      [fromDay],
    );
    return rows.map((r) => ({
      nodeId: r.node_name,
      processDefinitionKey: r.process_definition_key,
      activityId: r.activity_id,
      day: r.day,
      failures: Number(r.failures),
      completions: Number(r.completions),
    }));
  }

  async nodeFailuresSince(q: Queryable, since: Date): Promise<Map<string, number>> {
    const rows = await q.query<{ node_name: string; n: string }[]>(
      `SELECT node_name, SUM(failures) AS n FROM job_failure_minutes WHERE minute >= date_trunc('minute', $1::timestamptz) GROUP BY node_name`,
      [since],
    );
    return new Map(rows.map((r) => [r.node_name, Number(r.n)]));
  }

  async pruneBefore(q: Queryable, day: string, minute: Date): Promise<void> {
    await q.query(`DELETE FROM job_outcome_days WHERE day < $1`, [day]);
    await q.query(`DELETE FROM job_failure_minutes WHERE minute < $1`, [minute]);
  }

  private async add(
    q: Queryable,
    key: DurationKey,
    day: string,
    failures: number,
    completions: number,
  ): Promise<void> {
    await q.query(
      `INSERT INTO job_outcome_days (node_name, process_definition_key, activity_id, day, failures, completions)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (node_name, process_definition_key, activity_id, day) DO UPDATE SET
         failures = job_outcome_days.failures + EXCLUDED.failures, completions = job_outcome_days.completions + EXCLUDED.completions`,
      [key.nodeId, key.processDefinitionKey, key.activityId, day, failures, completions],
    );
  }
}
