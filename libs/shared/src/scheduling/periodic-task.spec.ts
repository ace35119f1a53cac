import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('skips a tick while the previous run is still going, and reports failures without stopping', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const errors: unknown[] = [];
    const sut = new PeriodicTask(
      100,
      async () => {
        runs += 1;
        if (runs === 2) throw new Error('boom');
        if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      (error) => errors.push(error),
    );
    sut.start();

    await jest.advanceTimersByTimeAsync(350);
    expect(runs).toBe(1);

    release();
    await jest.advanceTimersByTimeAsync(200);
    expect(runs).toBe(3);
    expect(errors).toEqual([new Error('boom')]);

    await sut.stop();
    await jest.advanceTimersByTimeAsync(500);
    expect(runs).toBe(3);
  });
});
