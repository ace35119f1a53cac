/**
 * Streaming mean and variance (Welford 1962): one pass, constant memory per
 * key, numerically stable, so a key's baseline is updated per fact and never
 * recomputed from history.
 */
export interface RunningStats {
  count: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
}

export const EMPTY_STATS: RunningStats = { count: 0, mean: 0, m2: 0 };

export function addSample(stats: RunningStats, value: number): RunningStats {
  const count = stats.count + 1;
  const delta = value - stats.mean;
  const mean = stats.mean + delta / count;
  return { count, mean, m2: stats.m2 + delta * (value - mean) };
}

/** Sample standard deviation (n − 1); 0 below two samples. */
export function standardDeviation(stats: RunningStats): number {
  return stats.count < 2 ? 0 : Math.sqrt(Math.max(0, stats.m2) / (stats.count - 1));
}

/** Standard scores are undefined without spread: null when the baseline has none. */
export function zScore(stats: RunningStats, value: number): number | null {
  const sd = standardDeviation(stats);
  return sd > 0 ? (value - stats.mean) / sd : null;
}
