/** Delays for fetch errors, and the retries a failed task has left. Task retry delays are `backoffCeilingMs`. */

import { BackoffBounds, jitteredBackoffMs } from '@flowpilot/shared';

/**
 * Fetch errors back off exponentially with "equal jitter" (half fixed, half
 * random), so a fleet of workers does not hammer a recovering engine in step.
 */
export class JitteredBackoff {
  private failures = 0;

  constructor(
    private readonly settings: BackoffBounds,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    this.failures += 1;
    return jitteredBackoffMs(this.failures, this.settings, this.random);
  }

  reset(): void {
    this.failures = 0;
  }
}

/**
 * Retries for a failure: a task Camunda has not seen fail yet (`retries`
 * null) starts from the configured count; each failure decrements it.
 */
export function retriesAfterFailure(
  current: number | null,
  configured: number,
): { retriesLeft: number; attempt: number } {
  const before = current ?? configured;
  const retriesLeft = Math.max(before - 1, 0);
  return { retriesLeft, attempt: Math.max(configured - retriesLeft, 1) };
}
