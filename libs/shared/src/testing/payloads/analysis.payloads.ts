import type {
  AnomalyDetected,
  BottlenecksReport,
  HealthScore,
  JobFailureRiskReport,
  LeaderboardReport,
  SlaAlert,
} from '../../contracts/analysis.contract';
import { AT, LATER } from './payload-instants';

/** The analyzer's judgements (`analysis.*.v1`): one valid payload per topic, fields replaced by `overrides`. */

export const anomalyDetected = (overrides: Partial<AnomalyDetected> = {}): AnomalyDetected => ({
  scope: 'activity',
  nodeName: 'node1',
  processDefinitionKey: 'order',
  processDefinitionId: 'order:1:def-1',
  activityId: 'charge',
  activityName: 'Charge',
  processInstanceId: 'instance-1',
  activityInstanceId: 'charge:activity-1',
  durationMs: 60_000,
  meanMs: 1_000,
  stdDevMs: 200,
  sampleSize: 50,
  zScore: 295,
  threshold: 3,
  direction: 'slow',
  severity: 'critical',
  startedAt: AT,
  endedAt: LATER,
  detectedAt: LATER,
  ...overrides,
});

export const bottlenecksReport = (overrides: Partial<BottlenecksReport> = {}): BottlenecksReport => ({
  nodeName: 'node1',
  processDefinitionKey: 'order',
  windowDays: 7,
  windowStart: AT,
  windowEnd: LATER,
  relativeAccuracy: 0.01,
  activities: [
    {
      rank: 1,
      activityId: 'charge',
      activityName: 'Charge',
      count: 10,
      p50Ms: 1_000,
      p95Ms: 4_000,
      p99Ms: 5_000,
      meanMs: 1_500,
      maxMs: 5_000,
      totalMs: 15_000,
      shareOfTotal: 0.75,
    },
  ],
  computedAt: LATER,
  ...overrides,
});

export const slaAlert = (overrides: Partial<SlaAlert> = {}): SlaAlert => ({
  state: 'at-risk',
  subject: 'process-instance',
  nodeName: 'node1',
  processDefinitionKey: 'order',
  processInstanceId: 'instance-1',
  taskId: null,
  taskDefinitionKey: null,
  taskName: null,
  assignee: null,
  target: 'PT8H',
  targetSource: 'process',
  targetMs: 28_800_000,
  atRiskShare: 0.8,
  elapsedMs: 25_200_000,
  shareOfTarget: 0.875,
  startedAt: AT,
  dueAt: '2026-01-05T18:00:00.000Z',
  open: true,
  detectedAt: LATER,
  ...overrides,
});

export const jobFailureRiskReport = (
  overrides: Partial<JobFailureRiskReport> = {},
): JobFailureRiskReport => ({
  nodeName: 'node1',
  windowDays: 7,
  horizonDays: 3,
  entries: [
    {
      processDefinitionKey: 'order',
      activityId: 'charge',
      failures: 3,
      completions: 7,
      failureRate: 0.3,
      trendPerDay: 0.05,
      trend: 'rising',
      projectedRate: 0.45,
      riskScore: 45,
      level: 'medium',
    },
  ],
  computedAt: LATER,
  ...overrides,
});

export const healthScore = (overrides: Partial<HealthScore> = {}): HealthScore => ({
  scope: 'node',
  nodeName: 'node1',
  score: 100,
  status: 'healthy',
  factors: [{ name: 'reachability', score: 100, weight: 1, value: 1, detail: 'up' }],
  nodes: [],
  formula: 'reachability',
  computedAt: LATER,
  ...overrides,
});

export const leaderboardReport = (overrides: Partial<LeaderboardReport> = {}): LeaderboardReport => ({
  nodeName: 'node1',
  windowDays: 7,
  entries: [
    {
      rank: 1,
      processDefinitionKey: 'order',
      completed: 10,
      throughputPerDay: 1.4,
      medianMs: 60_000,
      p95Ms: 120_000,
      incidentRate: 0.1,
      slaCompliance: 0.9,
      score: 90,
    },
  ],
  computedAt: LATER,
  ...overrides,
});
