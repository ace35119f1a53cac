import { randomUUID } from 'node:crypto';
import { TopicName } from '@flowpilot/shared';
import {
  anomaly,
  bottlenecks,
  healthScore,
  incidentAnalyzed,
  incidentOpened,
  incidentResolved,
  nodeStatus,
  slaAlert,
} from '../../../apps/gateway/test/live-payloads';

/**
 * A schema-valid payload for every topic a service consumes, about a node and
 * a process definition only the malformed-input sweep uses. The sweep runs on
 * a private broker that starts empty, so it cannot replay real events: these
 * stand in for them. `undefined` for a topic no payload is written for yet.
 */
export function freshPayload(topic: TopicName, nodeId: string): unknown {
  const now = new Date().toISOString();
  const earlier = new Date(Date.now() - 60_000).toISOString();
  const definitionKey = `malformed-${nodeId}`;
  const definitionId = `${definitionKey}:1:${randomUUID()}`;
  const processInstanceId = randomUUID();
  const opened = incidentOpened({ processDefinitionKey: definitionKey, processDefinitionId: definitionId });
  const userTask = {
    taskId: randomUUID(),
    name: 'Malformed-input check',
    taskDefinitionKey: 'malformedCheck',
    processDefinitionId: definitionId,
    processDefinitionKey: definitionKey,
    processInstanceId,
    assignee: null,
    candidateGroups: [],
    candidateUsers: [],
    priority: 50,
    dueDate: null,
    createdAt: earlier,
  };
  const instance = {
    processInstanceId,
    processDefinitionId: definitionId,
    processDefinitionKey: definitionKey,
  };
  const payloads: Partial<Record<TopicName, () => unknown>> = {
    'camunda.incident.opened.v1': () => opened,
    'camunda.incident.resolved.v1': () => incidentResolved(opened),
    'camunda.node.status.v1': () => nodeStatus(nodeId, 'up', 'unknown'),
    'camunda.process.started.v1': () => ({ ...instance, businessKey: null, startedAt: earlier }),
    'camunda.process.completed.v1': () => ({
      ...instance,
      businessKey: null,
      state: 'COMPLETED',
      startedAt: earlier,
      endedAt: now,
      durationMs: 60_000,
    }),
    'camunda.activity.completed.v1': () => ({
      ...instance,
      activityInstanceId: randomUUID(),
      activityId: 'malformedCheck',
      activityName: 'Malformed-input check',
      activityType: 'serviceTask',
      executionId: null,
      assignee: null,
      canceled: false,
      startedAt: earlier,
      endedAt: now,
      durationMs: 60_000,
    }),
    'camunda.user-task.created.v1': () => userTask,
    'camunda.user-task.completed.v1': () => ({
      ...userTask,
      endedAt: now,
      ageMs: 60_000,
      outcome: 'completed',
      deleteReason: null,
    }),
    'camunda.job.failed.v1': () => ({
      ...instance,
      failureId: randomUUID(),
      jobId: randomUUID(),
      jobDefinitionId: null,
      jobType: 'async-continuation',
      activityId: 'malformedCheck',
      failedActivityId: 'malformedCheck',
      retriesLeft: 2,
      exceptionMessage: 'malformed-input check',
      failedAt: now,
    }),
    'camunda.external-task.backlog.v1': () => ({
      observedAt: now,
      topics: [
        { topicName: definitionKey, open: 1, locked: 0, withoutRetries: 0, oldestOpenCreatedAt: earlier },
      ],
      totals: { open: 1, locked: 0, withoutRetries: 0 },
    }),
    'camunda.engine.version.v1': () => ({ version: '7.24.0', previousVersion: null, observedAt: now }),
    'camunda.jvm.metrics.v1': () => ({
      observedAt: now,
      heapUsedBytes: 1_000_000,
      heapMaxBytes: 2_000_000,
      nonHeapUsedBytes: null,
      liveThreads: 10,
      gcPauseSecondsTotal: null,
      processCpuUsage: null,
      uptimeSeconds: 60,
    }),
    'analysis.anomaly.v1': () => ({ ...anomaly(nodeId, 4, 5), processDefinitionKey: definitionKey }),
    'analysis.bottlenecks.v1': () => bottlenecks(nodeId, definitionKey, [['malformedCheck', 1_000]]),
    'analysis.health.v1': () => healthScore('node', nodeId, 90),
    'analysis.sla.v1': () => ({
      ...slaAlert(nodeId, 'at-risk', 'Malformed-input check', 0.85),
      processDefinitionKey: definitionKey,
      open: false,
    }),
    'analysis.job-failure-risk.v1': () => ({
      nodeName: nodeId,
      windowDays: 7,
      horizonDays: 7,
      entries: [],
      computedAt: now,
    }),
    'analysis.leaderboard.v1': () => ({ nodeName: nodeId, windowDays: 7, entries: [], computedAt: now }),
    'incident.analysis.v1': () => incidentAnalyzed(opened),
    'incident.pattern.v1': () => ({
      patternId: randomUUID(),
      signature: `failedJob|missing-variable|${definitionKey}`,
      family: 'missing-variable',
      incidentType: 'failedJob',
      count: 1,
      firstSeenAt: earlier,
      lastSeenAt: now,
      trend: 'new',
      recentCount: 1,
      previousCount: 0,
      trendWindowHours: 24,
      nodeIds: [nodeId],
      processDefinitionKeys: [definitionKey],
      lastIncidentId: opened.incidentId,
      sampleMessage: null,
      rootCause: 'malformed-input check',
      confidence: 0.5,
    }),
    // Revision 0 with no overrides: whoever applies it keeps its start-up settings.
    'settings.thresholds.v1': () => ({ revision: 0, changedAt: now, changedBy: null, thresholds: {} }),
    // Already expired, so the generator skips the work instead of answering a request nobody waits for.
    'bpmn.request.v1': () => ({
      requestId: randomUUID(),
      expiresAt: earlier,
      command: { type: 'list-templates' },
    }),
  };
  return payloads[topic]?.();
}
