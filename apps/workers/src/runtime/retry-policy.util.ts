/** Delays for task retries (Camunda's retryTimeout) and for fetch errors. */

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/** 1st failure → base, 2nd → 2×base, … capped at max; `attempt` counts from 1. */
export function exponentialDelay(attempt: number, settings: BackoffSettings): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
}

/**
 * Fetch errors back off exponentially with "equal jitter" (half fixed, half
 * random), so a fleet of workers does not hammer a recovering engine in step.
 */
export class JitteredBackoff {
  private failures = 0;

  constructor(
    private readonly settings: BackoffSettings,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    this.failures += 1;
    const ceiling = exponentialDelay(this.failures, this.settings);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
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
