import { setTimeout as sleep } from 'node:timers/promises';

/**
 * At most `limit` calls in any rolling window (a minute by default): the
 * local spend guard in front of the LLM. `tryAcquire` answers at once (skip
 * the LLM when over); `acquire` may wait for a slot up to `maxWaitMs`.
 */
export class LlmRateLimiter {
  private readonly stamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {}

  tryAcquire(): boolean {
    const now = this.now();
    while (this.stamps.length > 0 && now - this.stamps[0] >= this.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.limit) return false;
    this.stamps.push(now);
    return true;
  }

  async acquire(maxWaitMs: number): Promise<boolean> {
    const giveUpAt = this.now() + maxWaitMs;
    while (!this.tryAcquire()) {
      const freedAt = this.stamps[0] + this.windowMs;
      if (freedAt > giveUpAt) return false;
      await this.wait(Math.max(freedAt - this.now(), 1));
    }
    return true;
  }
}
