import { randomUUID } from 'node:crypto';
import type {
  AnomalyDetected,
  BottlenecksReport,
  HealthScore,
  IncidentAnalyzed,
  IncidentOpened,
  IncidentResolved,
  NodeStatus,
  SlaAlert,
} from '@flowpilot/shared';
import * as kit from '@flowpilot/shared/testing';

/**
 * The kit's payloads as a running pipeline publishes them to a live gateway: fresh ids, so one run's
 * incidents and instances never meet another's on the shared broker, and instants relative to now,
 * so they fall inside the gateway's time windows.
 */

const now = () => new Date().toISOString();
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

export function incidentOpened(overrides: Partial<IncidentOpened> = {}): IncidentOpened {
  return kit.incidentOpened({
    incidentId: randomUUID(),
    processInstanceId: randomUUID(),
    executionId: randomUUID(),
    jobId: randomUUID(),
    causeIncidentId: null,
    rootCauseIncidentId: null,
    createdAt: now(),
    ...overrides,
  });
}

/** incident-ai's analysis of `opened`, about the same incident. */
export function incidentAnalyzed(
  opened: IncidentOpened,
  overrides: Partial<IncidentAnalyzed> = {},
): IncidentAnalyzed {
  return kit.incidentAnalyzed({
    incidentId: opened.incidentId,
    incidentType: opened.incidentType,
    processDefinitionId: opened.processDefinitionId,
    processDefinitionKey: opened.processDefinitionKey,
    processInstanceId: opened.processInstanceId,
    activityId: opened.activityId,
    jobId: opened.jobId,
    externalTaskId: opened.externalTaskId,
    message: opened.message,
    analyzedAt: now(),
    ...overrides,
  });
}

export function incidentResolved(opened: IncidentOpened): IncidentResolved {
  return kit.incidentResolved({
    incidentId: opened.incidentId,
    incidentType: opened.incidentType,
    processDefinitionKey: opened.processDefinitionKey,
    processInstanceId: opened.processInstanceId,
    activityId: opened.activityId,
    createdAt: opened.createdAt,
    endedAt: now(),
  });
}

export function nodeStatus(
  nodeName: string,
  status: 'up' | 'down',
  previousStatus: 'up' | 'down' | 'unknown',
): NodeStatus {
  const down = { restLatencyMs: null, reason: 'connect ECONNREFUSED', engineVersion: null };
  return kit.nodeStatus({
    nodeName,
    url: `http://${nodeName}:8080/engine-rest`,
    status,
    previousStatus,
    ...(status === 'down' ? down : {}),
  });
}

/** A health score with the status the analyzer gives that score; a cluster score names two nodes. */
export function healthScore(scope: 'node' | 'cluster', nodeName: string | null, score: number): HealthScore {
  return kit.healthScore({
    scope,
    nodeName,
    score,
    status: score >= 80 ? 'healthy' : score >= 50 ? 'degraded' : 'critical',
    nodes:
      scope === 'cluster'
        ? [
            { nodeName: 'dash-a', score: 90 },
            { nodeName: 'dash-b', score: 40 },
          ]
        : [],
    computedAt: now(),
  });
}

/** An open user task `shareOfTarget` of the way through its 8-hour target. */
export function slaAlert(
  nodeName: string,
  state: 'at-risk' | 'breached',
  taskName: string,
  shareOfTarget: number,
): SlaAlert {
  return kit.slaAlert({
    state,
    subject: 'user-task',
    nodeName,
    processInstanceId: randomUUID(),
    taskId: randomUUID(),
    taskDefinitionKey: taskName.replace(/\s+/g, ''),
    taskName,
    assignee: 'demo',
    targetSource: 'user-task',
    elapsedMs: 28_800_000 * shareOfTarget,
    shareOfTarget,
    startedAt: minutesAgo(480 * shareOfTarget),
    dueAt: minutesAgo(480 * shareOfTarget - 480),
    detectedAt: now(),
  });
}

/** Activities ranked in the given order, each with the given p95 over 100 samples. */
export function bottlenecks(
  nodeName: string,
  processDefinitionKey: string,
  activities: [string, number][],
): BottlenecksReport {
  const total = activities.reduce((sum, [, p95]) => sum + p95 * 100, 0);
  return kit.bottlenecksReport({
    nodeName,
    processDefinitionKey,
    windowStart: minutesAgo(7 * 24 * 60),
    windowEnd: now(),
    activities: activities.map(([activityId, p95], i) => ({
      rank: i + 1,
      activityId,
      activityName: activityId,
      count: 100,
      p50Ms: p95 / 3,
      p95Ms: p95,
      p99Ms: p95 * 1.4,
      meanMs: p95 / 2,
      maxMs: p95 * 2,
      totalMs: p95 * 100,
      shareOfTotal: (p95 * 100) / total,
    })),
    computedAt: now(),
  });
}

/** A slow activity `zScore` deviations out, detected `minutesBack` ago; critical from 5 up. */
export function anomaly(nodeName: string, zScore: number, minutesBack: number): AnomalyDetected {
  return kit.anomalyDetected({
    nodeName,
    processInstanceId: randomUUID(),
    activityInstanceId: randomUUID(),
    durationMs: 600_000 + zScore * 300_000,
    meanMs: 600_000,
    stdDevMs: 300_000,
    zScore,
    severity: zScore >= 5 ? 'critical' : 'warning',
    startedAt: minutesAgo(minutesBack + 30),
    endedAt: minutesAgo(minutesBack),
    detectedAt: minutesAgo(minutesBack),
  });
}
