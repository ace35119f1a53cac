import { z } from 'zod';

/** Judgements the analyzer derives from the collector's facts. Durations are in milliseconds. */

const isoDate = z.iso.datetime({ offset: true });
const key = z.string().max(255);
const ms = z.number().nonnegative();
const share = z.number().min(0).max(1);

/** A duration far from its key's running mean: one named instance, per process definition or per activity. */
export const AnomalyDetectedSchema = z.object({
  scope: z.enum(['process', 'activity']),
  nodeName: z.string().max(100),
  processDefinitionKey: key,
  processDefinitionId: key,
  /** Null for a whole-process anomaly. */
  activityId: key.nullable(),
  activityName: key.nullable(),
  processInstanceId: z.string().max(64),
  /** Null for a whole-process anomaly. */
  activityInstanceId: z.string().max(64).nullable(),
  durationMs: ms,
  /** Baseline the value was compared with (before it was added to it). */
  meanMs: ms,
  stdDevMs: ms,
  sampleSize: z.number().int().positive(),
  zScore: z.number(),
  threshold: z.number().positive(),
  direction: z.enum(['slow', 'fast']),
  severity: z.enum(['warning', 'critical']),
  startedAt: isoDate,
  endedAt: isoDate,
  detectedAt: isoDate,
});
export type AnomalyDetected = z.infer<typeof AnomalyDetectedSchema>;

export const BottleneckEntrySchema = z.object({
  rank: z.number().int().positive(),
  activityId: key,
  activityName: key.nullable(),
  count: z.number().int().positive(),
  p50Ms: ms,
  p95Ms: ms,
  p99Ms: ms,
  meanMs: ms,
  maxMs: ms,
  /** Sum of all durations in the window: the time this activity costs in total. */
  totalMs: ms,
  /** Share of the definition's total activity time. */
  shareOfTotal: share,
});
export type BottleneckEntry = z.infer<typeof BottleneckEntrySchema>;

/** Activities of one process definition ranked by p95 over the look-back window. */
export const BottlenecksReportSchema = z.object({
  nodeName: z.string().max(100),
  processDefinitionKey: key,
  windowDays: z.number().int().positive(),
  windowStart: isoDate,
  windowEnd: isoDate,
  /** Quantiles come from a sketch with this relative accuracy (0.01 = within 1 %). */
  relativeAccuracy: z.number().gt(0).lt(1),
  activities: z.array(BottleneckEntrySchema).max(500),
  computedAt: isoDate,
});
export type BottlenecksReport = z.infer<typeof BottlenecksReportSchema>;

/** An open process instance or user task crossed a share of its SLA target (at-risk) or the target (breached). */
export const SlaAlertSchema = z.object({
  state: z.enum(['at-risk', 'breached']),
  subject: z.enum(['process-instance', 'user-task']),
  nodeName: z.string().max(100),
  processDefinitionKey: key.nullable(),
  processInstanceId: z.string().max(64).nullable(),
  /** Null for a process-instance SLA. */
  taskId: z.string().max(64).nullable(),
  taskDefinitionKey: key.nullable(),
  taskName: key.nullable(),
  assignee: key.nullable(),
  /** ISO-8601 target that applied, and where it came from. */
  target: z.string().max(50),
  targetSource: z.enum(['process', 'user-task', 'default']),
  targetMs: ms,
  atRiskShare: z.number().gt(0).lt(1),
  elapsedMs: ms,
  /** elapsed / target. */
  shareOfTarget: z.number().nonnegative(),
  startedAt: isoDate,
  dueAt: isoDate,
  /** Still open when alerted (sweep), or already finished late (seen at completion). */
  open: z.boolean(),
  detectedAt: isoDate,
});
export type SlaAlert = z.infer<typeof SlaAlertSchema>;

export const JobFailureRiskEntrySchema = z.object({
  processDefinitionKey: key,
  activityId: key,
  failures: z.number().int().nonnegative(),
  completions: z.number().int().nonnegative(),
  /** failures / (failures + completions) over the window. */
  failureRate: share,
  /** Least-squares slope of the daily failure rate, per day (positive: getting worse). */
  trendPerDay: z.number(),
  trend: z.enum(['rising', 'stable', 'falling']),
  /** Failure rate projected `horizonDays` ahead along the trend, clamped to [0, 1]. */
  projectedRate: share,
  riskScore: z.number().int().min(0).max(100),
  level: z.enum(['low', 'medium', 'high']),
});
export type JobFailureRiskEntry = z.infer<typeof JobFailureRiskEntrySchema>;

/** Activities of one node ranked by job-failure risk. */
export const JobFailureRiskReportSchema = z.object({
  nodeName: z.string().max(100),
  windowDays: z.number().int().positive(),
  horizonDays: z.number().int().positive(),
  entries: z.array(JobFailureRiskEntrySchema).max(500),
  computedAt: isoDate,
});
export type JobFailureRiskReport = z.infer<typeof JobFailureRiskReportSchema>;

export const HealthFactorSchema = z.object({
  name: z.enum(['reachability', 'incidents', 'failed-jobs', 'backlog', 'latency']),
  /** 0–100 for this factor alone. */
  score: z.number().min(0).max(100),
  weight: z.number().min(0).max(1),
  /** The measured input (open incidents, failed jobs in the last hour, open external tasks, latency ms, 1/0 up). */
  value: z.number().nullable(),
  detail: z.string().max(500),
});
export type HealthFactor = z.infer<typeof HealthFactorSchema>;

/** Health score 0–100 of one node or of the cluster, with every factor that went into it. */
export const HealthScoreSchema = z.object({
  scope: z.enum(['node', 'cluster']),
  /** Null for the cluster. */
  nodeName: z.string().max(100).nullable(),
  score: z.number().min(0).max(100),
  status: z.enum(['healthy', 'degraded', 'critical']),
  factors: z.array(HealthFactorSchema).max(10),
  /** For the cluster: each node's score. */
  nodes: z.array(z.object({ nodeName: z.string().max(100), score: z.number().min(0).max(100) })).max(100),
  formula: z.string().max(500),
  computedAt: isoDate,
});
export type HealthScore = z.infer<typeof HealthScoreSchema>;

export const LeaderboardEntrySchema = z.object({
  rank: z.number().int().positive(),
  processDefinitionKey: key,
  /** Instances completed in the window. */
  completed: z.number().int().nonnegative(),
  throughputPerDay: z.number().nonnegative(),
  medianMs: ms.nullable(),
  p95Ms: ms.nullable(),
  /** Incidents opened per instance started in the window. */
  incidentRate: z.number().nonnegative(),
  /** Share of instances finished within their SLA target; null when none finished. */
  slaCompliance: share.nullable(),
  /** 0–100: 60 × SLA compliance + 40 × (1 − min(1, incident rate)). */
  score: z.number().min(0).max(100),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;

/** Process definitions of one node ranked by score, then throughput. */
export const LeaderboardReportSchema = z.object({
  nodeName: z.string().max(100),
  windowDays: z.number().int().positive(),
  entries: z.array(LeaderboardEntrySchema).max(1_000),
  computedAt: isoDate,
});
export type LeaderboardReport = z.infer<typeof LeaderboardReportSchema>;
