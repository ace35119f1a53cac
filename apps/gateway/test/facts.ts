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

/** Payloads shaped like the collector's, the analyzer's and incident-ai's, for publishing in tests. */
export function incidentOpened(overrides: Partial<IncidentOpened> = {}): IncidentOpened {
  return {
    incidentId: randomUUID(),
    incidentType: 'failedJob',
    message:
      "Unknown property used in expression: ${customerId}. Cause: Cannot resolve identifier 'customerId'",
    activityId: 'computeDiscount',
    failedActivityId: 'computeDiscount',
    processDefinitionId: 'invoice:1:abc',
    processDefinitionKey: 'invoice',
    processInstanceId: randomUUID(),
    executionId: randomUUID(),
    jobId: randomUUID(),
    externalTaskId: null,
    causeIncidentId: null,
    rootCauseIncidentId: null,
    tenantId: null,
    createdAt: new Date().toISOString(),
    stackTrace: null,
    ...overrides,
  };
}

export function incidentAnalyzed(
  opened: IncidentOpened,
  overrides: Partial<IncidentAnalyzed> = {},
): IncidentAnalyzed {
  return {
    incidentId: opened.incidentId,
    incidentType: opened.incidentType,
    processDefinitionId: opened.processDefinitionId,
    processDefinitionKey: opened.processDefinitionKey,
    processInstanceId: opened.processInstanceId,
    activityId: opened.activityId,
    activityType: 'serviceTask',
    jobId: opened.jobId,
    externalTaskId: opened.externalTaskId,
    message: opened.message,
    family: 'missing-variable',
    rootCause: 'The expression reads "customerId", which the instance does not have.',
    fixSteps: ['Set customerId', 'Retry the job'],
    snippet: null,
    confidence: 0.9,
    evidence: [{ source: 'message', excerpt: "Cannot resolve identifier 'customerId'", detail: null }],
    pattern: { signature: 'failedJob|missing-variable|customerId', id: 'p-1', occurrences: 1 },
    remediation: {
      action: 'set-variable',
      retries: 1,
      variables: { customerId: { value: null, type: 'String', valueRequired: true } },
      rationale: 'Provide it, then retry.',
    },
    llm: { used: false, model: null, note: 'rule-based' },
    analyzedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function incidentResolved(opened: IncidentOpened): IncidentResolved {
  return {
    incidentId: opened.incidentId,
    incidentType: opened.incidentType,
    processDefinitionKey: opened.processDefinitionKey,
    processInstanceId: opened.processInstanceId,
    activityId: opened.activityId,
    resolution: 'resolved',
    createdAt: opened.createdAt,
    endedAt: new Date().toISOString(),
  };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

export function nodeStatus(
  nodeName: string,
  status: 'up' | 'down',
  previousStatus: 'up' | 'down' | 'unknown',
): NodeStatus {
  return {
    nodeName,
    url: `http://${nodeName}:8080/engine-rest`,
    status,
    previousStatus,
    restLatencyMs: status === 'up' ? 14 : null,
    reason: status === 'down' ? 'connect ECONNREFUSED' : null,
    engineVersion: status === 'up' ? '7.24.0' : null,
  };
}

export function healthScore(scope: 'node' | 'cluster', nodeName: string | null, score: number): HealthScore {
  const status = score >= 80 ? 'healthy' : score >= 50 ? 'degraded' : 'critical';
  return {
    scope,
    nodeName,
    score,
    status,
    factors: [
      {
        name: 'reachability',
        score: score >= 50 ? 100 : 0,
        weight: 0.4,
        value: score >= 50 ? 1 : 0,
        detail: 'REST reachable',
      },
      { name: 'incidents', score, weight: 0.6, value: 3, detail: '3 open incidents' },
    ],
    nodes:
      scope === 'cluster'
        ? [
            { nodeName: 'dash-a', score: 90 },
            { nodeName: 'dash-b', score: 40 },
          ]
        : [],
    formula: '0.4 × reachability + 0.6 × incidents',
    computedAt: new Date().toISOString(),
  };
}

export function slaAlert(
  nodeName: string,
  state: 'at-risk' | 'breached',
  taskName: string,
  shareOfTarget: number,
): SlaAlert {
  return {
    state,
    subject: 'user-task',
    nodeName,
    processDefinitionKey: 'invoice',
    processInstanceId: randomUUID(),
    taskId: randomUUID(),
    taskDefinitionKey: taskName.replace(/\s+/g, ''),
    taskName,
    assignee: 'demo',
    target: 'PT8H',
    targetSource: 'user-task',
    targetMs: 28_800_000,
    atRiskShare: 0.8,
    elapsedMs: 28_800_000 * shareOfTarget,
    shareOfTarget,
    startedAt: minutesAgo(480 * shareOfTarget),
    dueAt: minutesAgo(480 * shareOfTarget - 480),
    open: true,
    detectedAt: new Date().toISOString(),
  };
}

export function bottlenecks(
  nodeName: string,
  processDefinitionKey: string,
  activities: [string, number][],
): BottlenecksReport {
  const total = activities.reduce((sum, [, p95]) => sum + p95 * 100, 0);
  return {
    nodeName,
    processDefinitionKey,
    windowDays: 7,
    windowStart: minutesAgo(7 * 24 * 60),
    windowEnd: new Date().toISOString(),
    relativeAccuracy: 0.01,
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
    computedAt: new Date().toISOString(),
  };
}

export function anomaly(nodeName: string, zScore: number, minutesBack: number): AnomalyDetected {
  return {
    scope: 'activity',
    nodeName,
    processDefinitionKey: 'invoice',
    processDefinitionId: 'invoice:3:abc',
    activityId: 'approveInvoice',
    activityName: 'Approve invoice',
    processInstanceId: randomUUID(),
    activityInstanceId: randomUUID(),
    durationMs: 600_000 + zScore * 300_000,
    meanMs: 600_000,
    stdDevMs: 300_000,
    sampleSize: 240,
    zScore,
    threshold: 3,
    direction: 'slow',
    severity: zScore >= 5 ? 'critical' : 'warning',
    startedAt: minutesAgo(minutesBack + 30),
    endedAt: minutesAgo(minutesBack),
    detectedAt: minutesAgo(minutesBack),
  };
}
