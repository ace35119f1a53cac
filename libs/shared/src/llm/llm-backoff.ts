import { BackoffBounds } from '../scheduling/backoff';

/** A Retry-After longer than this is not waited for: the call fails over to the offline path instead. */
export const MAX_RETRY_AFTER_MS = 10_000;
const MAX_BACKOFF_MS = 10_000;

/**
 * The bounds of an LLM call's retries (`jitteredBackoffMs`/`backoffCeilingMs` of the shared backoff):
 * `LLM_RETRY_BASE_MS` doubling, capped so a retry never waits longer than a slow answer takes.
 */
export function llmBackoffBounds(retryBaseMs: number): BackoffBounds {
  return { baseMs: retryBaseMs, maxMs: MAX_BACKOFF_MS };
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
