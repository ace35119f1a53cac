import { describeShortfall, ratePerSecond, watchCounter } from './progress-watch';

describe('watchCounter', () => {
  it('returns when the counter reaches its target, with when it started to move', async () => {
    const values = [0, 0, 50, 100];
    const sut = await watchCounter(async () => values.shift() ?? 100, 100, {
      timeoutMs: 5_000,
      intervalMs: 5,
    });

    expect(sut.reachedAt).not.toBeNull();
    expect(sut.movedAfter).not.toBeNull();
    expect(sut.movedAfter!).toBeLessThanOrEqual(sut.reachedAt!);
    expect(sut.lastValue - sut.startValue).toBe(100);
  });

  it('reports how far it got instead of throwing when the time is up', async () => {
    const sut = await watchCounter(async () => 40, 100, { timeoutMs: 50, intervalMs: 5, startValue: 0 });

    expect(sut.reachedAt).toBeNull();
    expect(ratePerSecond(sut)).toBeNull();
    expect(describeShortfall(sut)).toBe('reached 40 of 100 (40 %)');
  });

  it('keeps sampling through a failing probe', async () => {
    let calls = 0;
    const sut = await watchCounter(
      async () => {
        calls++;
        if (calls === 2) throw new Error('broker hiccup');
        return calls >= 3 ? 10 : 0;
      },
      10,
      { timeoutMs: 5_000, intervalMs: 5 },
    );

    expect(sut.reachedAt).not.toBeNull();
  });

  it('asks a target function with the value just read', async () => {
    const seen: number[] = [];
    const values = [0, 5, 10];
    await watchCounter(
      async () => values.shift() ?? 10,
      async (value) => {
        seen.push(value);
        return 10;
      },
      { timeoutMs: 5_000, intervalMs: 5 },
    );

    expect(seen).toEqual([5, 10]);
  });
});

describe('ratePerSecond', () => {
  it('divides the events by the time from the start of the movement to the target', () => {
    const sut = ratePerSecond({
      startValue: 0,
      lastValue: 1_000,
      target: 1_000,
      movedAfter: 10_000,
      reachedAt: 12_000,
      lastAt: 12_000,
    });

    expect(sut).toBe(500);
  });
});
