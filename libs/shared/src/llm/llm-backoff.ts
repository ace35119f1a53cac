import { backoffCeilingMs, jitteredBackoffMs as sharedJitteredBackoffMs } from '../scheduling/backoff';

/** A Retry-After longer than this is not waited for: the call fails over to the offline path instead. */
export const MAX_RETRY_AFTER_MS = 10_000;
const MAX_BACKOFF_MS = 10_000;

/** Ceiling of the backoff before retry `attempt` (1 = after the first failure). */
export function maxBackoffMs(attempt: number, baseMs: number): number {
  return backoffCeilingMs(attempt, { baseMs, maxMs: MAX_BACKOFF_MS });
}

/** Jittered so services that failed together do not retry against a recovering provider in step. */
export function jitteredBackoffMs(
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  return sharedJitteredBackoffMs(attempt, { baseMs, maxMs: MAX_BACKOFF_MS }, random);
}

/** The server's own wait (`retry-after-ms`, else `retry-after` seconds), capped; null when it names none. */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined): number | null {
  if (!headers) return null;
  const millis = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(millis) && millis >= 0) return Math.min(MAX_RETRY_AFTER_MS, millis);
  const seconds = Number(headers.get('retry-after') ?? Number.NaN);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(MAX_RETRY_AFTER_MS, seconds * 1000);
  return null;
}
