/** Capped exponential backoff: the delay before retry `attempt` (1 = after the first failure). */
export interface BackoffBounds {
  baseMs: number;
  maxMs: number;
}

/** 1st failure → base, 2nd → 2×base, … capped at max (the exponent is capped too, so it never overflows). */
export function backoffCeilingMs(attempt: number, bounds: BackoffBounds): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(bounds.maxMs, bounds.baseMs * 2 ** exponent);
}

/**
 * The ceiling with "equal jitter" (half fixed, half random), so clients that failed together do not
 * retry against a recovering server in step.
 */
export function jitteredBackoffMs(
  attempt: number,
  bounds: BackoffBounds,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeilingMs(attempt, bounds);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
