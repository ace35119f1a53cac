import { JobFailureRiskEntry } from '@flowpilot/shared';
import { leastSquaresSlope } from '../statistics/linear-trend.util';

export interface DailyOutcomes {
  /** Days since the epoch. */
  day: number;
  failures: number;
  completions: number;
}

export interface RiskRules {
  minSamples: number;
  horizonDays: number;
  high: number;
  medium: number;
}

/** A slope smaller than this (failure-rate points per day) is noise, not a trend. */
const FLAT_SLOPE = 0.005;

/**
 * Failure risk of one activity from its daily outcomes in the window: the
 * overall failure rate, the least-squares trend of the daily rates, and the
 * rate projected `horizonDays` ahead along a rising trend (a falling trend does
 * not lower the risk below today's rate: it has not happened yet). Null when the
 * activity ran fewer than `minSamples` times or never failed.
 */
export function jobFailureRisk(
  key: { processDefinitionKey: string; activityId: string },
  days: readonly DailyOutcomes[],
  rules: RiskRules,
): JobFailureRiskEntry | null {
  const failures = days.reduce((s, d) => s + d.failures, 0);
  const completions = days.reduce((s, d) => s + d.completions, 0);
  const attempts = failures + completions;
  if (failures === 0 || attempts < rules.minSamples) return null;
  const failureRate = failures / attempts;
  const trendPerDay = leastSquaresSlope(
    days
      .filter((d) => d.failures + d.completions > 0)
      .map((d) => ({ x: d.day, y: d.failures / (d.failures + d.completions) })),
  );
  const projectedRate = Math.min(1, Math.max(failureRate, failureRate + trendPerDay * rules.horizonDays));
  const riskScore = Math.round(100 * projectedRate);
  return {
    ...key,
    failures,
    completions,
    failureRate,
    trendPerDay,
    trend: trendPerDay > FLAT_SLOPE ? 'rising' : trendPerDay < -FLAT_SLOPE ? 'falling' : 'stable',
    projectedRate,
    riskScore,
    level: projectedRate >= rules.high ? 'high' : projectedRate >= rules.medium ? 'medium' : 'low',
  };
}

/** Highest risk first; ties by more failures. */
export function rankRisks(entries: JobFailureRiskEntry[]): JobFailureRiskEntry[] {
  return [...entries].sort((a, b) => b.projectedRate - a.projectedRate || b.failures - a.failures);
}
