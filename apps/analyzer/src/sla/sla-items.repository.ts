import { Queryable, returnedRows } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';
import { NodeItem, nodeItemId } from '../persistence/fact-ledger.repository';
import { SlaState } from './sla-state.util';

export type SlaSubjectKind = 'process-instance' | 'user-task';

export interface SlaItem {
  nodeId: string;
  subject: SlaSubjectKind;
  itemId: string;
  processDefinitionKey: string | null;
  processInstanceId: string | null;
  taskDefinitionKey: string | null;
  taskName: string | null;
  assignee: string | null;
  startedAt: Date;
  state: SlaState;
}

export interface SlaGroup {
  subject: SlaSubjectKind;
  processDefinitionKey: string | null;
  taskDefinitionKey: string | null;
}

type Row = {
  node_name: string;
  subject: SlaSubjectKind;
  item_id: string;
  process_definition_key: string | null;
  process_instance_id: string | null;
  task_definition_key: string | null;
  task_name: string | null;
  assignee: string | null;
  started_at: Date;
  state: SlaState;
};

const toItem = (r: Row): SlaItem => ({
  nodeId: r.node_name,
  subject: r.subject,
  itemId: r.item_id,
  processDefinitionKey: r.process_definition_key,
  processInstanceId: r.process_instance_id,
  taskDefinitionKey: r.task_definition_key,
  taskName: r.task_name,
  assignee: r.assignee,
  startedAt: new Date(r.started_at),
  state: r.state,
});

/** Instances and user tasks still open, each with the SLA state it last alerted. */
@Injectable()
export class SlaItemsRepository {
  /** Starts watching items (one statement); an item already watched is left as it is. */
  async openAll(q: Queryable, items: readonly Omit<SlaItem, 'state'>[]): Promise<void> {
    if (items.length === 0) return;
    await q.query(
      `INSERT INTO sla_open_items (node_name, subject, item_id, process_definition_key, process_instance_id,
         task_definition_key, task_name, assignee, started_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [
        items.map((i) => i.nodeId),
        items.map((i) => i.subject),
        items.map((i) => i.itemId),
        items.map((i) => i.processDefinitionKey),
        items.map((i) => i.processInstanceId),
        items.map((i) => i.taskDefinitionKey),
        items.map((i) => i.taskName),
        items.map((i) => i.assignee),
        items.map((i) => i.startedAt.toISOString()),
      ],
    );
  }

  /**
   * Removes items and returns the state each had alerted, by `nodeItemId`
   * (an item never seen open is absent: it alerted nothing).
   */
  async closeAll(
    q: Queryable,
    subject: SlaSubjectKind,
    items: readonly NodeItem[],
  ): Promise<Map<string, SlaState>> {
    if (items.length === 0) return new Map();
    const rows = returnedRows<{ node_name: string; item_id: string; state: SlaState }>(
      await q.query(
        `DELETE FROM sla_open_items s USING unnest($2::text[], $3::text[]) AS u(n, i)
         WHERE s.subject = $1 AND s.node_name = u.n AND s.item_id = u.i
         RETURNING s.node_name, s.item_id, s.state`,
        [subject, items.map((i) => i.nodeId), items.map((i) => i.itemId)],
      ),
    );
    return new Map(rows.map((r) => [nodeItemId({ nodeId: r.node_name, itemId: r.item_id }), r.state]));
  }

  /** Target groups that still have items to watch. */
  async watchedGroups(q: Queryable): Promise<SlaGroup[]> {
    const rows = await q.query<
      { subject: SlaSubjectKind; process_definition_key: string | null; task_definition_key: string | null }[]
    >(
      `SELECT DISTINCT subject, process_definition_key, task_definition_key FROM sla_open_items WHERE state <> 'breached'`,
    );
    return rows.map((r) => ({
      subject: r.subject,
      processDefinitionKey: r.process_definition_key,
      taskDefinitionKey: r.task_definition_key,
    }));
  }

  /**
   * Items of a group that crossed a line they have not alerted yet: still ok
   * but open since `atRiskBefore`, or at risk and open since `breachedBefore`.
   */
  async crossedInGroup(
    q: Queryable,
    group: SlaGroup,
    atRiskBefore: Date,
    breachedBefore: Date,
    limit: number,
  ): Promise<SlaItem[]> {
    const rows = await q.query<Row[]>(
      `SELECT * FROM sla_open_items
       WHERE subject = $1 AND process_definition_key IS NOT DISTINCT FROM $2 AND task_definition_key IS NOT DISTINCT FROM $3
         AND state <> 'breached' AND started_at <= $4
         AND (state = 'ok' OR started_at <= $5)
       ORDER BY started_at LIMIT $6`,
      [
        group.subject,
        group.processDefinitionKey,
        group.taskDefinitionKey,
        atRiskBefore,
        breachedBefore,
        limit,
      ],
    );
    return rows.map(toItem);
  }

  /** Moves an item from `from` to `to`; false when another sweep (or replica) got there first. */
  async escalate(q: Queryable, item: SlaItem, to: SlaState): Promise<boolean> {
    const result = await q.query(
      `UPDATE sla_open_items SET state = $4 WHERE node_name = $1 AND subject = $2 AND item_id = $3 AND state = $5 RETURNING 1`,
      [item.nodeId, item.subject, item.itemId, to, item.state],
    );
    return returnedRows(result).length === 1;
  }
}
