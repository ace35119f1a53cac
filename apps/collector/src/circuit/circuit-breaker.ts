export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** Time the circuit stays open before letting one probe through. */
  openMs: number;
}

/**
 * Per-node circuit breaker. Closed: every cycle runs. After `failureThreshold`
 * consecutive failures it opens and cycles are skipped, so a dead node costs
 * nothing; after `openMs` one half-open probe runs: success closes the
 * circuit, failure opens it again for another `openMs`.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
    private readonly onTransition: (from: CircuitState, to: CircuitState) => void = () => undefined,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  get failures(): number {
    return this.consecutiveFailures;
  }

  /** Whether a call may run now; in half-open only one probe is let through until it reports back. */
  tryAcquire(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (this.now() - this.openedAt < this.options.openMs) return false;
      this.transition('half-open');
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  /**
   * The call ended without telling anything about the guarded dependency (it stopped on another one): the
   * failure count and state stay as they are, and a half-open probe slot is freed for the next call.
   */
  release(): void {
    this.probeInFlight = false;
  }

  recordFailure(): void {
    this.consecutiveFailures += 1;
    this.probeInFlight = false;
    if (
      this.current === 'half-open' ||
      (this.current === 'closed' && this.consecutiveFailures >= this.options.failureThreshold)
    ) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    this.current = to;
    this.onTransition(from, to);
  }
}
