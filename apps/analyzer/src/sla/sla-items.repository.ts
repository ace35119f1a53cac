import { Injectable } from '@nestjs/common';
import { Queryable, returnedRows } from '../persistence/queryable';
import { SlaState } from './sla-state.util';

export type SlaSubjectKind = 'process-instance' | 'user-task';

export interface SlaItem {
  nodeName: string;
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
  nodeName: r.node_name,
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
  async open(q: Queryable, item: Omit<SlaItem, 'state'>): Promise<void> {
    await q.query(
      `INSERT INTO sla_open_items (node_name, subject, item_id, process_definition_key, process_instance_id,
         task_definition_key, task_name, assignee, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        item.nodeName,
        item.subject,
        item.itemId,
        item.processDefinitionKey,
        item.processInstanceId,
        item.taskDefinitionKey,
        item.taskName,
        item.assignee,
        item.startedAt,
      ],
    );
  }

  /** Removes an item and returns the state it had alerted ('ok' when it was never seen open). */
  async close(q: Queryable, nodeName: string, subject: SlaSubjectKind, itemId: string): Promise<SlaState> {
    const result = await q.query(
      `DELETE FROM sla_open_items WHERE node_name = $1 AND subject = $2 AND item_id = $3 RETURNING state`,
      [nodeName, subject, itemId],
    );
    return returnedRows<{ state: SlaState }>(result)[0]?.state ?? 'ok';
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
      [item.nodeName, item.subject, item.itemId, to, item.state],
    );
    return returnedRows(result).length === 1;
  }
}
