import {
  deriveEventId,
  type AnomalyDetected,
  type JobFailureRiskReport,
  type SlaAlert,
} from '@flowpilot/shared';
import { NewAlert } from '../alerts/alert.repository';

export function slaSubjectKey(nodeId: string, p: SlaAlert): string {
  return p.subject === 'user-task'
    ? `${nodeId}:user-task:${p.taskId}`
    : `${nodeId}:process-instance:${p.processInstanceId}`;
}

export function slaAlert(eventId: string, nodeId: string, subjectKey: string, p: SlaAlert): NewAlert {
  const what =
    p.subject === 'user-task'
      ? `task "${p.taskName ?? p.taskDefinitionKey ?? p.taskId}"`
      : `instance ${p.processInstanceId}`;
  return {
    sourceEventId: eventId,
    kind: p.state === 'breached' ? 'sla-breached' : 'sla-at-risk',
    severity: p.state === 'breached' ? 'critical' : 'warning',
    nodeId,
    processDefinitionKey: p.processDefinitionKey,
    subjectKey,
    title: `SLA ${p.state === 'breached' ? 'breached' : 'at risk'}: ${p.processDefinitionKey ?? 'process'} ${what} (${p.target} target, ${Math.round(p.shareOfTarget * 100)} % elapsed)`,
    details: {
      target: p.target,
      shareOfTarget: p.shareOfTarget,
      dueAt: p.dueAt,
      assignee: p.assignee,
      open: p.open,
    },
    createdAt: p.detectedAt,
  };
}

export function anomalyAlert(eventId: string, nodeId: string, p: AnomalyDetected): NewAlert {
  const where = p.scope === 'activity' ? `activity ${p.activityName ?? p.activityId}` : 'instance';
  return {
    sourceEventId: eventId,
    kind: 'anomaly',
    severity: p.severity,
    nodeId,
    processDefinitionKey: p.processDefinitionKey,
    subjectKey: `${nodeId}:${p.processInstanceId}:${p.activityInstanceId ?? 'process'}`,
    title: `${p.direction === 'slow' ? 'Slow' : 'Fast'} ${where} in ${p.processDefinitionKey}: ${Math.round(p.durationMs)} ms (z = ${p.zScore.toFixed(1)})`,
    details: {
      durationMs: p.durationMs,
      meanMs: p.meanMs,
      zScore: p.zScore,
      processInstanceId: p.processInstanceId,
    },
    createdAt: p.detectedAt,
  };
}

/** One alert per high-risk activity; the source id is derived from the report and the activity (one report, one alert each). */
export function riskAlerts(eventId: string, nodeId: string, p: JobFailureRiskReport): NewAlert[] {
  return p.entries
    .filter((e) => e.level === 'high')
    .map((e) => ({
      sourceEventId: deriveEventId(eventId, e.processDefinitionKey, e.activityId),
      kind: 'job-failure-risk' as const,
      severity: 'warning' as const,
      nodeId,
      processDefinitionKey: e.processDefinitionKey,
      subjectKey: `${nodeId}:${e.processDefinitionKey}:${e.activityId}`,
      title: `High job-failure risk: ${e.processDefinitionKey} / ${e.activityId} (${Math.round(e.failureRate * 100)} % failing, ${e.trend})`,
      details: {
        failureRate: e.failureRate,
        projectedRate: e.projectedRate,
        riskScore: e.riskScore,
        trend: e.trend,
      },
      createdAt: p.computedAt,
    }));
}
