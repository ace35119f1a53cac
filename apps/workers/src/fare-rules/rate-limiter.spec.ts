import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('grants the per-minute budget, refuses beyond it without waiting, and refills over time', async () => {
    let now = 0;
    const sut = new RateLimiter(2, () => now);

    expect(await sut.acquire(0)).toBe(true);
    expect(await sut.acquire(0)).toBe(true);
    expect(await sut.acquire(0)).toBe(false);
    now = 30_000;
    expect(await sut.acquire(0)).toBe(true);
  });

  it('waits for a token when allowed to', async () => {
    const sut = new RateLimiter(6_000);
    for (let i = 0; i < 6_000; i += 1) await sut.acquire(0);

    const started = Date.now();
    expect(await sut.acquire(1_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
