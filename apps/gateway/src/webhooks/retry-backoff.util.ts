export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before retry number `attempt` (1 = after the first failure):
 * exponential, capped, with "equal jitter" — half fixed, half random — so
 * receivers recovering from an outage are not hit by every retry at once.
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const capped = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** The next attempt time, or null when it would fall after the delivery's deadline (dead-letter it). */
export function nextAttemptAt(
  attempt: number,
  now: Date,
  expiresAt: Date,
  policy: BackoffPolicy,
  random?: () => number,
): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(attempt, policy, random));
  return next.getTime() > expiresAt.getTime() ? null : next;
}
