import { backoffCeilingMs } from '@flowpilot/shared';
import { JitteredBackoff, retriesAfterFailure } from './retry-policy.util';

describe('retry policy', () => {
  it('doubles the delay per attempt up to the cap', () => {
    const sut = (attempt: number) => backoffCeilingMs(attempt, { baseMs: 1_000, maxMs: 5_000 });

    expect([1, 2, 3, 4, 5].map(sut)).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('keeps jittered delays between half and all of the exponential delay, and resets', () => {
    const randoms = [0, 1, 0.5];
    const sut = new JitteredBackoff({ baseMs: 100, maxMs: 10_000 }, () => randoms.shift() ?? 0);

    expect([sut.next(), sut.next(), sut.next()]).toEqual([50, 200, 300]);
    sut.reset();
    expect(sut.next()).toBe(50);
  });

  it('starts from the configured retries and counts down from what Camunda reports', () => {
    const sut = retriesAfterFailure;

    expect(sut(null, 3)).toEqual({ retriesLeft: 2, attempt: 1 });
    expect(sut(2, 3)).toEqual({ retriesLeft: 1, attempt: 2 });
    expect(sut(1, 3)).toEqual({ retriesLeft: 0, attempt: 3 });
    expect(sut(null, 0)).toEqual({ retriesLeft: 0, attempt: 1 });
  });
});
