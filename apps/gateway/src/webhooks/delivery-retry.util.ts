import { BackoffBounds, jitteredBackoffMs } from '@flowpilot/shared';

/**
 * The next attempt of a failed delivery: the shared jittered backoff after attempt `attempt`, or null when
 * that would fall after the delivery's deadline (dead-letter it).
 */
export function nextAttemptAt(
  attempt: number,
  now: Date,
  expiresAt: Date,
  bounds: BackoffBounds,
  random?: () => number,
): Date | null {
  const next = new Date(now.getTime() + jitteredBackoffMs(attempt, bounds, random));
  return next.getTime() > expiresAt.getTime() ? null : next;
}
