import { jitteredBackoffMs } from '@flowpilot/shared';

export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Delay before retry number `attempt` (1 = after the first failure), jittered so recovering receivers are not hit in step. */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  return jitteredBackoffMs(attempt, { baseMs: policy.initialDelayMs, maxMs: policy.maxDelayMs }, random);
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
