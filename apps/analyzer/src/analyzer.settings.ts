import { Provider } from '@nestjs/common';
import { SlaTargets } from '@flowpilot/shared';
import { AnalyzerConfig } from './analyzer.config';
import { HealthLimits } from './health/health-score.util';
import { EffectiveThresholds } from './thresholds/effective-thresholds.util';

/** The start-up thresholds, before any run-time override (see `ThresholdsService`). */
export abstract class ThresholdDefaults implements EffectiveThresholds {
  abstract readonly anomalyZScore: number;
  abstract readonly anomalyMinDurationMs: number;
  abstract readonly minSamples: number;
  abstract readonly lookbackDays: number;
  abstract readonly slaThresholdHours: number;
  abstract readonly slaAtRiskShare: number;
  abstract readonly slaTargets: SlaTargets;
  abstract readonly jobRiskHigh: number;
  abstract readonly jobRiskMedium: number;
}

/** What the SLA sweep needs. */
export abstract class SlaSweepSettings {
  abstract readonly sweepIntervalMs: number;
}

/** What the report cycle and its reports need. */
export abstract class ReportSettings {
  abstract readonly intervalMs: number;
  /** Entries kept per ranked report (bottlenecks, leaderboard, job-failure risk). */
  abstract readonly resultsLimit: number;
  /** Day buckets are kept at least this long, even when the run-time window is narrower. */
  abstract readonly keepDays: number;
  abstract readonly jobRiskHorizonDays: number;
}

/** Where each health factor reaches 0. */
export abstract class HealthLimitSettings implements HealthLimits {
  abstract readonly incidents: number;
  abstract readonly failedJobsPerHour: number;
  abstract readonly backlog: number;
  abstract readonly latencyGoodMs: number;
  abstract readonly latencyBadMs: number;
}

export function thresholdDefaultsOf(config: AnalyzerConfig): ThresholdDefaults {
  return {
    anomalyZScore: config.ANOMALY_Z_THRESHOLD,
    anomalyMinDurationMs: config.ANOMALY_MIN_DURATION_MS,
    minSamples: config.AI_MIN_DATA,
    lookbackDays: config.AI_LOOKBACK_DAYS,
    slaThresholdHours: config.SLA_THRESHOLD_HOURS,
    slaAtRiskShare: config.SLA_AT_RISK_SHARE,
    slaTargets: config.SLA_TARGETS,
    jobRiskHigh: config.JOB_RISK_HIGH,
    jobRiskMedium: config.JOB_RISK_MEDIUM,
  };
}

/** The validated settings as the slices the services inject, made once. */
export function analyzerSettingsProviders(config: AnalyzerConfig): Provider[] {
  return [
    { provide: ThresholdDefaults, useValue: thresholdDefaultsOf(config) },
    {
      provide: SlaSweepSettings,
      useValue: { sweepIntervalMs: config.SLA_SWEEP_INTERVAL_MS } satisfies SlaSweepSettings,
    },
    {
      provide: ReportSettings,
      useValue: {
        intervalMs: config.ANALYSIS_INTERVAL_MS,
        resultsLimit: config.AI_UI_RESULTS_LIMIT,
        keepDays: config.AI_LOOKBACK_DAYS,
        jobRiskHorizonDays: config.JOB_RISK_HORIZON_DAYS,
      } satisfies ReportSettings,
    },
    {
      provide: HealthLimitSettings,
      useValue: {
        incidents: config.HEALTH_INCIDENTS_LIMIT,
        failedJobsPerHour: config.HEALTH_FAILED_JOBS_LIMIT,
        backlog: config.HEALTH_BACKLOG_LIMIT,
        latencyGoodMs: config.HEALTH_LATENCY_GOOD_MS,
        latencyBadMs: config.HEALTH_LATENCY_BAD_MS,
      } satisfies HealthLimitSettings,
    },
  ];
}
