import { AnalysisThresholds, SlaTargets } from '@flowpilot/shared';

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
