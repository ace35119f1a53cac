import { judgeDuration } from './duration-anomaly.util';
import { addSample, EMPTY_STATS } from './welford.util';

const rules = { threshold: 3, minSamples: 10, minDurationMs: 1_000 };
const baselineOf = (values: number[]) => values.reduce(addSample, EMPTY_STATS);
// Mean 2 000 ms, sample sd 100 ms over 20 samples.
const twenty = baselineOf(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1_902.5 : 2_097.5)));

describe('judgeDuration', () => {
  it('flags a slow outlier with its z-score, baseline and severity', () => {
    const sut = judgeDuration(twenty, 2_400, rules);

    expect(sut).toMatchObject({ direction: 'slow', severity: 'warning', sampleSize: 20 });
    expect(sut!.zScore).toBeCloseTo(4, 1);
    expect(sut!.meanMs).toBeCloseTo(2_000, 6);
  });

  it('calls it critical at twice the threshold', () => {
    expect(judgeDuration(twenty, 2_700, rules)?.severity).toBe('critical');
  });

  it('flags an unusually fast instance too', () => {
    expect(judgeDuration(twenty, 1_500, rules)?.direction).toBe('fast');
  });

  it('says nothing under the threshold', () => {
    expect(judgeDuration(twenty, 2_250, rules)).toBeNull();
  });

  it('says nothing before the minimum sample size', () => {
    const nine = baselineOf([1_900, 2_100, 1_900, 2_100, 1_900, 2_100, 1_900, 2_100, 1_900]);

    expect(judgeDuration(nine, 9_000, rules)).toBeNull();
  });

  it('ignores sub-noise-floor durations of a fast activity', () => {
    const fast = baselineOf(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 2 : 4)));

    expect(judgeDuration(fast, 40, rules)).toBeNull();
    expect(judgeDuration(fast, 5_000, rules)?.direction).toBe('slow');
  });

  it('follows a changed threshold', () => {
    expect(judgeDuration(twenty, 2_250, { ...rules, threshold: 2 })?.direction).toBe('slow');
  });
});
