import { LlmRateLimiter } from './llm-rate-limiter';

describe('LlmRateLimiter', () => {
  it('allows `limit` calls in any rolling window, then frees slots as they age out', () => {
    let now = 0;
    const sut = new LlmRateLimiter(2, 1_000, () => now);

    expect([sut.tryAcquire(), sut.tryAcquire(), sut.tryAcquire()]).toEqual([true, true, false]);
    now = 999;
    expect(sut.tryAcquire()).toBe(false);
    now = 1_000;
    expect(sut.tryAcquire()).toBe(true);
  });

  it('waits for the oldest slot to free when that is within the wait, else gives up at once', async () => {
    let now = 0;
    const waits: number[] = [];
    const sut = new LlmRateLimiter(
      1,
      1_000,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    await sut.acquire(0);

    expect(await sut.acquire(500)).toBe(false);
    expect(waits).toEqual([]);
    expect(await sut.acquire(1_500)).toBe(true);
    expect(waits).toEqual([1_000]);
  });
});
