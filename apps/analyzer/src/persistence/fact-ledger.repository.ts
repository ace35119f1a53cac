import { Injectable } from '@nestjs/common';
import { Queryable } from './queryable';

export type FactKind =
  | 'activity-end'
  | 'process-start'
  | 'process-end'
  | 'task-create'
  | 'task-end'
  | 'job-failure'
  | 'incident-open'
  | 'incident-resolve';

/** Items whose opening and closing facts come on different topics and must not interleave. */
export type LockedItemKind = 'process-instance' | 'user-task' | 'incident';

/**
 * Facts already counted. The shared idempotency store records an event after
 * its handler commits; claiming the fact inside the handler's own transaction
 * closes the gap in between, so statistics never count a fact twice.
 */
@Injectable()
export class FactLedgerRepository {
  /**
   * Serialises the facts of one item for the rest of the transaction. Its
   * opening and closing facts come on different topics, consumed in parallel:
   * without this, a close could commit between an open's check and insert.
   */
  async lockItem(q: Queryable, nodeName: string, kind: LockedItemKind, itemId: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `fact/${nodeName}/${kind}/${itemId}`,
    ]);
  }

  /** True the first time a fact is claimed, false for a repeat. */
  async claim(q: Queryable, nodeName: string, kind: FactKind, factId: string): Promise<boolean> {
    const rows = await q.query<unknown[]>(
      `INSERT INTO fact_ledger (node_name, kind, fact_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [nodeName, kind, factId],
    );
    return rows.length === 1;
  }

  async has(q: Queryable, nodeName: string, kind: FactKind, factId: string): Promise<boolean> {
    const rows = await q.query<unknown[]>(
      `SELECT 1 FROM fact_ledger WHERE node_name = $1 AND kind = $2 AND fact_id = $3`,
      [nodeName, kind, factId],
    );
    return rows.length === 1;
  }

  async pruneBefore(q: Queryable, before: Date): Promise<void> {
    await q.query(`DELETE FROM fact_ledger WHERE seen_at < $1`, [before]);
  }
}
