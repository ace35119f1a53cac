import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import type { BottleneckEntry, IncidentAnalyzed, JobFailureRiskEntry } from '@flowpilot/shared';

export interface SlaCounts {
  atRisk: number;
  breached: number;
}

export interface SlaSubject {
  /** The user task's definition key; null for a whole-instance SLA. */
  activityId: string | null;
  state: 'at-risk' | 'breached';
  taskId: string | null;
  processInstanceId: string | null;
}

export interface ActivityIncidentView {
  incidentId: string;
  incidentType: string | null;
  message: string | null;
  processInstanceId: string | null;
  processDefinitionId: string | null;
  openedAt: string | null;
  analysis: IncidentAnalyzed | null;
}

/**
 * The analyzer's judgements about one process definition on one node, keyed by
 * activity, as the process page overlays them. They are per definition key: the
 * analyzer's SLA, risk and bottleneck reports do not tell versions apart.
 */
@Injectable()
export class ProcessPageRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * SLA alerts of the key raised since `from` about subjects that were open when alerted, the worse state per
   * subject (a breach hides the at-risk warning before it); at most `limit` subjects.
   */
  async slaSubjects(nodeId: string, key: string, from: string, limit: number): Promise<SlaSubject[]> {
    const rows = await queryRows<{
      activity: string | null;
      state: 'at-risk' | 'breached';
      task_id: string | null;
      process_instance_id: string | null;
    }>(
      this.db,
      `SELECT DISTINCT ON (subject_key) payload->>'taskDefinitionKey' AS activity, state, task_id, process_instance_id
       FROM sla_alerts WHERE node_id = $1 AND process_definition_key = $2 AND open AND detected_at >= $3
       ORDER BY subject_key, (state = 'breached') DESC, detected_at DESC LIMIT $4`,
      [nodeId, key, from, limit],
    );
    return rows.map((r) => ({
      activityId: r.activity,
      state: r.state,
      taskId: r.task_id,
      processInstanceId: r.process_instance_id,
    }));
  }

  async risks(nodeId: string, key: string): Promise<Map<string, JobFailureRiskEntry>> {
    const rows = await queryRows<{ entry: JobFailureRiskEntry }>(
      this.db,
      `SELECT e AS entry FROM job_failure_risks CROSS JOIN LATERAL jsonb_array_elements(report->'entries') e
       WHERE node_id = $1 AND e->>'processDefinitionKey' = $2`,
      [nodeId, key],
    );
    return new Map(rows.map((r) => [r.entry.activityId, r.entry]));
  }

  async bottlenecks(
    nodeId: string,
    key: string,
  ): Promise<{ windowDays: number; computedAt: string; entries: Map<string, BottleneckEntry> } | null> {
    const rows = await queryRows<{
      report: { windowDays: number; computedAt: string; activities: BottleneckEntry[] };
    }>(this.db, `SELECT report FROM bottlenecks WHERE node_id = $1 AND process_definition_key = $2`, [
      nodeId,
      key,
    ]);
    if (rows.length === 0) return null;
    const report = rows[0].report;
    return {
      windowDays: report.windowDays,
      computedAt: report.computedAt,
      entries: new Map(report.activities.map((a) => [a.activityId, a])),
    };
  }

  /** Open incidents of the given definition versions in one activity, newest first, with their analyses. */
  async openIncidents(
    nodeId: string,
    definitionIds: string[],
    activityId: string,
    limit: number,
  ): Promise<ActivityIncidentView[]> {
    const rows = await queryRows<{
      incident_id: string;
      incident_type: string | null;
      message: string | null;
      process_instance_id: string | null;
      process_definition_id: string | null;
      opened_at: Date | null;
      analysis: IncidentAnalyzed | null;
    }>(
      this.db,
      `SELECT incident_id, incident_type, message, process_instance_id, process_definition_id, opened_at, analysis
       FROM incidents WHERE node_id = $1 AND process_definition_id = ANY($2) AND activity_id = $3 AND status = 'open'
       ORDER BY opened_at DESC NULLS LAST, incident_id LIMIT $4`,
      [nodeId, definitionIds, activityId, limit],
    );
    return rows.map((r) => ({
      incidentId: r.incident_id,
      incidentType: r.incident_type,
      message: r.message,
      processInstanceId: r.process_instance_id,
      processDefinitionId: r.process_definition_id,
      openedAt: r.opened_at?.toISOString() ?? null,
      analysis: r.analysis,
    }));
  }
}
