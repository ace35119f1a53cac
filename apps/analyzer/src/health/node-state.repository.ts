import { Queryable, returnedRows } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';

export interface NodeStateRow {
  nodeId: string;
  up: boolean;
  restLatencyMs: number | null;
  externalTaskBacklog: number | null;
  openIncidents: number;
}

/** Last known status, latency and backlog of each node, and its open incidents. */
@Injectable()
export class NodeStateRepository {
  async saveStatus(
    q: Queryable,
    nodeId: string,
    status: 'up' | 'down',
    latencyMs: number | null,
    reason: string | null,
    at: string,
  ): Promise<void> {
    await q.query(
      `INSERT INTO node_state (node_name, status, rest_latency_ms, status_reason, status_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (node_name) DO UPDATE SET status = EXCLUDED.status,
         rest_latency_ms = COALESCE(EXCLUDED.rest_latency_ms, node_state.rest_latency_ms),
         status_reason = EXCLUDED.status_reason, status_at = EXCLUDED.status_at
       WHERE node_state.status_at IS NULL OR node_state.status_at <= EXCLUDED.status_at`,
      [nodeId, status, latencyMs, reason, at],
    );
  }

  /** Backlog of a node whose status is not known yet counts it as up: it answered the collector. */
  async saveBacklog(q: Queryable, nodeId: string, backlog: number, observedAt: string): Promise<void> {
    await q.query(
      `INSERT INTO node_state (node_name, status, external_task_backlog, backlog_at) VALUES ($1, 'up', $2, $3)
       ON CONFLICT (node_name) DO UPDATE SET external_task_backlog = EXCLUDED.external_task_backlog, backlog_at = EXCLUDED.backlog_at
       WHERE node_state.backlog_at IS NULL OR node_state.backlog_at <= EXCLUDED.backlog_at`,
      [nodeId, backlog, observedAt],
    );
  }

  async openIncident(
    q: Queryable,
    nodeId: string,
    incidentId: string,
    processDefinitionKey: string | null,
    openedAt: string,
  ): Promise<void> {
    await q.query(
      `INSERT INTO open_incidents (node_name, incident_id, process_definition_key, opened_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [nodeId, incidentId, processDefinitionKey, openedAt],
    );
  }

  async resolveIncident(q: Queryable, nodeId: string, incidentId: string): Promise<boolean> {
    const result = await q.query(
      `DELETE FROM open_incidents WHERE node_name = $1 AND incident_id = $2 RETURNING 1`,
      [nodeId, incidentId],
    );
    return returnedRows(result).length === 1;
  }

  async all(q: Queryable): Promise<NodeStateRow[]> {
    const rows = await q.query<
      {
        node_name: string;
        status: string;
        rest_latency_ms: number | null;
        external_task_backlog: string | null;
        open_incidents: string;
      }[]
    >(
      `SELECT s.node_name, s.status, s.rest_latency_ms, s.external_task_backlog,
         (SELECT COUNT(*) FROM open_incidents i WHERE i.node_name = s.node_name) AS open_incidents
       FROM node_state s ORDER BY s.node_name`,
    );
    return rows.map((r) => ({
      nodeId: r.node_name,
      up: r.status === 'up',
      restLatencyMs: r.rest_latency_ms === null ? null : Number(r.rest_latency_ms),
      externalTaskBacklog: r.external_task_backlog === null ? null : Number(r.external_task_backlog),
      openIncidents: Number(r.open_incidents),
    }));
  }
}
