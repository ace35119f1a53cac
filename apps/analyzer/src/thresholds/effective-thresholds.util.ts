import { AnalysisThresholds, SlaTargets } from '@flowpilot/shared';
import { AnalyzerConfig } from '../analyzer.config';

/** Every threshold with a value: start-up settings overlaid with the run-time overrides. */
export interface EffectiveThresholds {
  anomalyZScore: number;
  anomalyMinDurationMs: number;
  minSamples: number;
  lookbackDays: number;
  slaThresholdHours: number;
  slaAtRiskShare: number;
  slaTargets: SlaTargets;
  jobRiskHigh: number;
  jobRiskMedium: number;
}

export function thresholdsFromConfig(config: AnalyzerConfig): EffectiveThresholds {
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

/**
 * Overrides replace whole fields (a snapshot, not a patch); a field left out
 * falls back to the start-up setting. Risk levels that would cross each other
 * keep the start-up pair, so `medium < high` always holds.
 */
export function overlayThresholds(
  defaults: EffectiveThresholds,
  overrides: AnalysisThresholds,
): EffectiveThresholds {
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined),
  ) as Partial<EffectiveThresholds>;
  const merged = { ...defaults, ...defined };
  if (merged.jobRiskMedium >= merged.jobRiskHigh) {
    return { ...merged, jobRiskHigh: defaults.jobRiskHigh, jobRiskMedium: defaults.jobRiskMedium };
  }
  return merged;
}
