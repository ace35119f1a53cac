import { Injectable } from '@nestjs/common';
import { Queryable, returnedRows } from '@flowpilot/shared';

/** The closing facts an earlier-arriving opening fact must know about. */
export type ClosingKind = 'process-end' | 'task-end' | 'incident-resolve';

/** Items whose opening and closing facts come on different topics and must not interleave. */
export type LockedItemKind = 'process-instance' | 'user-task' | 'incident';

/** An item of one node: a process instance, a user task or an incident. */
export interface NodeItem {
  nodeId: string;
  itemId: string;
}

export const nodeItemId = (item: NodeItem): string => `${item.nodeId}\u0000${item.itemId}`;

/**
 * Which items are already closed. Opening and closing facts of one item come
 * on different topics, consumed in parallel, so a closing fact can be
 * handled first: it is written down here, and the late opening does not
 * reopen the item. (Whether an event was handled before is the transport's
 * business, decided in the same transaction: nothing here filters repeats.)
 */
@Injectable()
export class FactLedgerRepository {
  /**
   * Serialises the facts of the given items for the rest of the transaction,
   * taking the locks in one fixed order so two batches cannot deadlock on them.
   */
  async lockItems(q: Queryable, kind: LockedItemKind, items: readonly NodeItem[]): Promise<void> {
    if (items.length === 0) return;
    await q.query(
      `SELECT pg_advisory_xact_lock(h) FROM (
         SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k) AS locks
       ORDER BY h`,
      [items.map((item) => `fact/${item.nodeId}/${kind}/${item.itemId}`)],
    );
  }

  async markClosed(q: Queryable, kind: ClosingKind, items: readonly NodeItem[]): Promise<void> {
    if (items.length === 0) return;
    await q.query(
      `INSERT INTO fact_ledger (node_name, kind, fact_id)
       SELECT n, $1, f FROM unnest($2::text[], $3::text[]) AS u(n, f) ON CONFLICT DO NOTHING`,
      [kind, items.map((i) => i.nodeId), items.map((i) => i.itemId)],
    );
  }

  /** The ids (`nodeItemId`) of those items already closed. */
  async closedAmong(q: Queryable, kind: ClosingKind, items: readonly NodeItem[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const rows = returnedRows<NodeItem>(
      await q.query(
        `SELECT l.node_name AS "nodeId", l.fact_id AS "itemId" FROM fact_ledger l
         JOIN unnest($2::text[], $3::text[]) AS u(n, f) ON l.node_name = u.n AND l.fact_id = u.f
         WHERE l.kind = $1`,
        [kind, items.map((i) => i.nodeId), items.map((i) => i.itemId)],
      ),
    );
    return new Set(rows.map(nodeItemId));
  }

  async pruneBefore(q: Queryable, before: Date): Promise<void> {
    await q.query(`DELETE FROM fact_ledger WHERE seen_at < $1`, [before]);
  }
}
