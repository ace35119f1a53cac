import { defineTopic } from './topic-definition';
import {
  AnomalyDetectedSchema,
  BottlenecksReportSchema,
  HealthScoreSchema,
  JobFailureRiskReportSchema,
  LeaderboardReportSchema,
  SlaAlertSchema,
} from './analysis.contract';

/** Published by the analyzer. Do not rename without a new version: the gateway subscribes by name. */
export const ANALYSIS_TOPICS = {
  'analysis.anomaly.v1': defineTopic({
    schema: AnomalyDetectedSchema,
    key: (p) => `${p.nodeName}:${p.processInstanceId}`,
    partitions: 6,
    retentionDays: 30,
    description:
      'A process or activity instance whose duration is a z-score outlier (gateway: anomaly.detected).',
  }),
  'analysis.bottlenecks.v1': defineTopic({
    schema: BottlenecksReportSchema,
    key: (p) => `${p.nodeName}:${p.processDefinitionKey}`,
    partitions: 3,
    retentionDays: 30,
    description:
      'Activities of a process definition ranked by p95 over the look-back window, with total time cost.',
  }),
  'analysis.sla.v1': defineTopic({
    schema: SlaAlertSchema,
    key: (p) => `${p.nodeName}:${p.taskId ?? p.processInstanceId}`,
    partitions: 3,
    retentionDays: 30,
    description:
      'An instance or user task became at-risk or breached its SLA (gateway: sla.at-risk / sla.breached).',
  }),
  'analysis.job-failure-risk.v1': defineTopic({
    schema: JobFailureRiskReportSchema,
    key: (p) => p.nodeName,
    partitions: 1,
    retentionDays: 30,
    description:
      'Job-failure risk per activity and definition of a node, from failure rates and their trend.',
  }),
  'analysis.health.v1': defineTopic({
    schema: HealthScoreSchema,
    key: (p) => p.nodeName ?? 'cluster',
    partitions: 1,
    retentionDays: 30,
    description: 'Health score 0–100 of a node or the cluster, with each factor.',
  }),
  'analysis.leaderboard.v1': defineTopic({
    schema: LeaderboardReportSchema,
    key: (p) => p.nodeName,
    partitions: 1,
    retentionDays: 30,
    description:
      'Process definitions of a node ranked by SLA compliance and incident rate, with throughput and durations.',
  }),
} as const;
