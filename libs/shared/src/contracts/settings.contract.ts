import { z } from 'zod';

/**
 * Run-time settings that operators change through the gateway and services
 * apply without a restart. Each message is the complete set of overrides in
 * force (a snapshot, not a patch): a field left out falls back to the
 * consuming service's start-up setting. The highest `revision` wins.
 */

/** ISO-8601 duration as Camunda and BPMN timers write it: P2D, PT8H, P1DT12H, PT90M, P1W. */
export const ISO_DURATION_PATTERN =
  /^P(?!$)(\d+(\.\d+)?W)?(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;

export const IsoDurationSchema = z
  .string()
  .max(50)
  .regex(ISO_DURATION_PATTERN, 'must be an ISO-8601 duration such as PT8H or P2D');

const definitionKey = z.string().min(1).max(255);

/**
 * SLA targets. `processes` maps a process definition key to the target for a
 * whole instance. `userTasks` maps a task definition key, or
 * `<processDefinitionKey>:<taskDefinitionKey>` (more specific, wins), to the
 * target for one task from creation to completion.
 */
export const SlaTargetsSchema = z.object({
  processes: z.record(definitionKey, IsoDurationSchema).default({}),
  userTasks: z.record(z.string().min(1).max(512), IsoDurationSchema).default({}),
});
export type SlaTargets = z.infer<typeof SlaTargetsSchema>;

export const AnalysisThresholdsSchema = z
  .object({
    /** |z| at or above which a duration is an anomaly. */
    anomalyZScore: z.number().positive().max(100),
    /** Durations below this (and with a baseline mean below it) are never anomalies: sub-second noise. */
    anomalyMinDurationMs: z.number().int().nonnegative().max(86_400_000),
    /** Samples a key needs before anomalies, risks and rankings are computed for it (AI_MIN_DATA). */
    minSamples: z.number().int().min(2).max(1_000_000),
    /** Look-back window of bottlenecks, leaderboards and failure risk, in days (AI_LOOKBACK_DAYS). */
    lookbackDays: z.number().int().min(1).max(365),
    /** Default SLA target when no specific one applies, in hours (SLA_THRESHOLD_HOURS). */
    slaThresholdHours: z
      .number()
      .positive()
      .max(24 * 366),
    /** Share of the target after which an open instance or task is at risk (0.8 = 80 %). */
    slaAtRiskShare: z.number().gt(0).lt(1),
    slaTargets: SlaTargetsSchema,
    /** Projected failure rate at or above which a job-failure risk is high / medium. */
    jobRiskHigh: z.number().gt(0).max(1),
    jobRiskMedium: z.number().gt(0).max(1),
  })
  .partial();
export type AnalysisThresholds = z.infer<typeof AnalysisThresholdsSchema>;

export const ThresholdsChangedSchema = z.object({
  /** Increases with every change; a consumer ignores a revision at or below the one it applied. */
  revision: z.number().int().nonnegative(),
  changedAt: z.iso.datetime({ offset: true }),
  /** Who changed it (gateway principal), for the audit trail; never a secret. */
  changedBy: z.string().max(255).nullable(),
  thresholds: AnalysisThresholdsSchema,
});
export type ThresholdsChanged = z.infer<typeof ThresholdsChangedSchema>;
