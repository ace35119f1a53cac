import { setTimeout as sleep } from 'node:timers/promises';

/** What a watched counter reached: when it first moved, when it reached its target, or how far it got. */
export interface WatchResult {
  startValue: number;
  lastValue: number;
  target: number;
  /**
   * Wall clock (ms) of the last sample still at the start value before the counter moved (so a rate
   * measured from it is never overstated); null if it never moved.
   */
  movedAfter: number | null;
  /** Wall clock (ms) of the first sample at or above the target; null if the time ran out. */
  reachedAt: number | null;
  /** Wall clock (ms) of the last sample (of `lastValue`). */
  lastAt: number;
}

/**
 * Polls a counter until it reaches a target or the time is up. Never throws on a
 * timeout: a benchmark phase reports what it reached instead of hanging. A
 * failing probe (e.g. a broker hiccup) counts as "no sample" and is retried.
 */
export async function watchCounter(
  read: () => Promise<number>,
  target: number | ((value: number) => Promise<number>),
  {
    timeoutMs,
    intervalMs = 250,
    startValue,
  }: { timeoutMs: number; intervalMs?: number; startValue?: number },
): Promise<WatchResult> {
  const deadline = Date.now() + timeoutMs;
  const initial = startValue ?? (await read());
  const result: WatchResult = {
    startValue: initial,
    lastValue: initial,
    target: typeof target === 'number' ? target : NaN,
    movedAfter: null,
    reachedAt: null,
    lastAt: Date.now(),
  };
  let idleAt = Date.now();
  while (Date.now() < deadline) {
    try {
      const value = await read();
      const at = Date.now();
      result.lastValue = value;
      result.lastAt = at;
      if (result.movedAfter === null) {
        if (value > initial) result.movedAfter = idleAt;
        else idleAt = at;
      }
      result.target = typeof target === 'number' ? target : await target(value);
      if (value >= result.target) {
        result.reachedAt = at;
        return result;
      }
    } catch {
      // no sample this time
    }
    await sleep(intervalMs);
  }
  return result;
}

/** Events per second from the start of the movement to the target (null when the target was not reached). */
export function ratePerSecond(watch: WatchResult): number | null {
  if (watch.reachedAt === null || watch.movedAfter === null) return null;
  return (watch.lastValue - watch.startValue) / ((watch.reachedAt - watch.movedAfter) / 1_000);
}

/** "reached 12,345 of 26,003 (47 %)" for a phase that timed out. */
export function describeShortfall(watch: WatchResult): string {
  const done = watch.lastValue - watch.startValue;
  const wanted = watch.target - watch.startValue;
  return `reached ${done.toLocaleString('en')} of ${wanted.toLocaleString('en')} (${wanted > 0 ? Math.floor((100 * done) / wanted) : 0} %)`;
}
