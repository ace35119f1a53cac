import { RollingRateLimiter } from './rate-limiter.util';

describe('RollingRateLimiter', () => {
  it('allows the limit per window and frees slots as the window rolls', () => {
    let now = 0;
    const sut = new RollingRateLimiter(2, 1_000, () => now);

    expect([sut.tryAcquire(), sut.tryAcquire(), sut.tryAcquire()]).toEqual([true, true, false]);
    now = 999;
    expect(sut.tryAcquire()).toBe(false);
    now = 1_000;
    expect(sut.tryAcquire()).toBe(true);
  });
});
