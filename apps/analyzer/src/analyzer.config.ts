import { z } from 'zod';
import {
  commonSettings,
  databaseSettings,
  integer,
  kafkaSettings,
  SlaTargetsSchema,
} from '@flowpilot/shared';

const share = (defaultValue: number) => z.coerce.number().gt(0).lt(1).default(defaultValue);
const positive = (defaultValue: number, max: number) =>
  z.coerce.number().positive().max(max).default(defaultValue);

/** `SLA_TARGETS` is JSON: {"processes":{"invoice":"P2D"},"userTasks":{"approve":"PT8H","invoice:approve":"PT4H"}}. */
const slaTargets = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be JSON like {"processes":{"invoice":"P2D"},"userTasks":{"approve":"PT8H"}}',
      });
      return z.NEVER;
    }
  })
  .pipe(SlaTargetsSchema);

/** Every setting analyzer reads, validated at start-up (see docs/analyzer.md, "Settings"). */
export const AnalyzerConfigSchema = z
  .object({
    ...commonSettings,
    ...kafkaSettings,
    ...databaseSettings,
    HTTP_PORT: integer(3002, 1, 65535),
    AI_LOOKBACK_DAYS: integer(30, 1, 365),
    AI_MIN_DATA: integer(10, 2, 1_000_000),
    AI_UI_RESULTS_LIMIT: integer(20, 1, 500),
    ANOMALY_Z_THRESHOLD: positive(3, 100),
    ANOMALY_MIN_DURATION_MS: integer(1_000, 0, 86_400_000),
    SLA_THRESHOLD_HOURS: positive(24, 24 * 366),
    SLA_AT_RISK_SHARE: share(0.8),
    SLA_TARGETS: slaTargets,
    SLA_SWEEP_INTERVAL_MS: integer(15_000, 100, 3_600_000),
    ANALYSIS_INTERVAL_MS: integer(60_000, 500, 3_600_000),
    JOB_RISK_HORIZON_DAYS: integer(7, 1, 90),
    JOB_RISK_HIGH: share(0.5),
    JOB_RISK_MEDIUM: share(0.2),
    HEALTH_INCIDENTS_LIMIT: integer(20, 1, 1_000_000),
    HEALTH_FAILED_JOBS_LIMIT: integer(50, 1, 1_000_000),
    HEALTH_BACKLOG_LIMIT: integer(1_000, 1, 100_000_000),
    HEALTH_LATENCY_GOOD_MS: integer(200, 0, 600_000),
    HEALTH_LATENCY_BAD_MS: integer(5_000, 1, 600_000),
  })
  .refine((c) => c.JOB_RISK_MEDIUM < c.JOB_RISK_HIGH, {
    path: ['JOB_RISK_MEDIUM'],
    message: 'must be below JOB_RISK_HIGH',
  })
  .refine((c) => c.HEALTH_LATENCY_GOOD_MS < c.HEALTH_LATENCY_BAD_MS, {
    path: ['HEALTH_LATENCY_GOOD_MS'],
    message: 'must be below HEALTH_LATENCY_BAD_MS',
  });

export type AnalyzerConfig = z.output<typeof AnalyzerConfigSchema>;
