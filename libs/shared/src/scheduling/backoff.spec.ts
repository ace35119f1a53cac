import { backoffCeilingMs, jitteredBackoffMs } from './backoff';

describe('backoff', () => {
  const bounds = { baseMs: 100, maxMs: 1_000 };

  it('doubles from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffCeilingMs(attempt, bounds))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('never overflows for absurd attempt counts', () => {
    expect(backoffCeilingMs(10_000, bounds)).toBe(1_000);
  });

  it('keeps half of the ceiling fixed and jitters the other half', () => {
    expect(jitteredBackoffMs(3, bounds, () => 0)).toBe(200);
    expect(jitteredBackoffMs(3, bounds, () => 1)).toBe(400);
  });
});
