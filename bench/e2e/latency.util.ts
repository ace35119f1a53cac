/** Nearest-rank percentile (q in 0..1): a value that was measured, not an interpolation. */
export function percentile(samples: number[], q: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
