/**
 * Sparse log-scale duration histograms: bucket i > 0 holds durations in
 * (γ^(i-1), γ^i] ms, bucket 0 those ≤ 1 ms. A quantile read back from them is
 * within ±2 % of the true value (relative accuracy (γ − 1) / (γ + 1)), and
 * histograms of different hours or nodes add up bucket by bucket, so a
 * quantile over any window costs the number of buckets, not of durations.
 */
export type Histogram = Record<string, number>;

const GAMMA = 1.04;
const LOG_GAMMA = Math.log(GAMMA);
export const HISTOGRAM_RELATIVE_ACCURACY = (GAMMA - 1) / (GAMMA + 1);

export function bucketOf(ms: number): number {
  return ms <= 1 ? 0 : Math.ceil(Math.log(ms) / LOG_GAMMA);
}

/** The value a bucket stands for: the point with the same relative error to both ends. */
export function bucketValue(bucket: number): number {
  return bucket === 0 ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1);
}

export function addDuration(histogram: Histogram, ms: number): Histogram {
  const key = String(bucketOf(ms));
  histogram[key] = (histogram[key] ?? 0) + 1;
  return histogram;
}

export function mergeHistograms(into: Histogram, other: Histogram): Histogram {
  for (const [key, count] of Object.entries(other)) into[key] = (into[key] ?? 0) + count;
  return into;
}

/** The q-quantile (0 < q ≤ 1) by nearest rank, or null for an empty histogram. */
export function quantile(histogram: Histogram, q: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([key, count]) => [Number(key), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return bucketValue(bucket);
  }
  return bucketValue(buckets[buckets.length - 1][0]);
}
