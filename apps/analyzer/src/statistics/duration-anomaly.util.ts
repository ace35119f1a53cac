import { RunningStats, standardDeviation, zScore } from './welford.util';

export interface AnomalyRules {
  threshold: number;
  minSamples: number;
  minDurationMs: number;
}

export interface DurationJudgement {
  zScore: number;
  meanMs: number;
  stdDevMs: number;
  sampleSize: number;
  direction: 'slow' | 'fast';
  severity: 'warning' | 'critical';
}

/**
 * Judges one duration against its key's baseline (taken before the value is
 * added). Null when it is not an anomaly, or when the baseline is too small or
 * flat to judge, or when value and baseline are both under the noise floor.
 */
export function judgeDuration(
  baseline: RunningStats,
  durationMs: number,
  rules: AnomalyRules,
): DurationJudgement | null {
  if (baseline.count < rules.minSamples) return null;
  if (durationMs < rules.minDurationMs && baseline.mean < rules.minDurationMs) return null;
  const z = zScore(baseline, durationMs);
  if (z === null || Math.abs(z) < rules.threshold) return null;
  return {
    zScore: z,
    meanMs: baseline.mean,
    stdDevMs: standardDeviation(baseline),
    sampleSize: baseline.count,
    direction: z > 0 ? 'slow' : 'fast',
    severity: Math.abs(z) >= 2 * rules.threshold ? 'critical' : 'warning',
  };
}
