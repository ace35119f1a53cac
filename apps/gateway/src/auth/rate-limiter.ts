import { Inject, Injectable } from '@nestjs/common';
import { RateLimitSettings } from '../gateway.settings';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per API key, in memory: `requestsPerMinute` steady rate, `burst`
 * extra requests on top. Each gateway replica limits on its own.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly tokensPerMs: number;

  constructor(@Inject(RateLimitSettings) { requestsPerMinute, burst }: RateLimitSettings) {
    this.capacity = Math.max(1, burst);
    this.tokensPerMs = requestsPerMinute / 60_000;
  }

  take(key: string, now: number = Date.now()): RateDecision {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.tokensPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    const waitMs = (1 - bucket.tokens) / this.tokensPerMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1_000)), remaining: 0 };
  }
}
