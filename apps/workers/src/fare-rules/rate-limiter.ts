import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Token bucket: `perMinute` calls, refilled continuously. `acquire` waits
 * for a token up to `maxWaitMs` and says whether it got one.
 */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perMinute;
    this.updatedAt = now();
  }

  async acquire(maxWaitMs: number): Promise<boolean> {
    const giveUpAt = this.now() + maxWaitMs;
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return true;
      }
      const wait = Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
      if (this.now() + wait > giveUpAt) return false;
      await sleep(wait);
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.updatedAt) * this.perMinute) / 60_000);
    this.updatedAt = now;
  }
}
