import { jitteredBackoffMs } from '@flowpilot/shared';
import { nextAttemptAt } from './delivery-retry.util';

/** WEBHOOK_RETRY_INITIAL_DELAY_MS and WEBHOOK_RETRY_MAX_DELAY_MS as the dispatcher passes them. */
const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('retry backoff', () => {
  it('doubles per attempt between half and all of the capped delay', () => {
    const low = [1, 2, 3, 4].map((attempt) => jitteredBackoffMs(attempt, policy, () => 0));
    const high = [1, 2, 3, 4].map((attempt) => jitteredBackoffMs(attempt, policy, () => 1));

    expect(low).toEqual([500, 1_000, 2_000, 4_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never exceeds the maximum delay, however many attempts', () => {
    expect(jitteredBackoffMs(7, policy, () => 1)).toBe(60_000);
    expect(jitteredBackoffMs(1_000, policy, () => 1)).toBe(60_000);
    expect(jitteredBackoffMs(1_000, policy, () => 0)).toBe(30_000);
  });

  it('spreads retries with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => jitteredBackoffMs(5, policy)));

    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(8_000);
      expect(delay).toBeLessThanOrEqual(16_000);
    }
  });

  it('gives no next attempt once it would fall after the deadline (dead letter)', () => {
    const now = new Date('2026-11-22T05:00:00Z');

    expect(nextAttemptAt(3, now, new Date('2026-11-22T05:00:05Z'), policy, () => 1)).toEqual(
      new Date('2026-11-22T05:00:04Z'),
    );
    expect(nextAttemptAt(4, now, new Date('2026-11-22T05:00:05Z'), policy, () => 1)).toBeNull();
  });
});
