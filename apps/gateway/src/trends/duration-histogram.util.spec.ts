import {
  addDuration,
  bucketOf,
  HISTOGRAM_RELATIVE_ACCURACY,
  Histogram,
  mergeHistograms,
  quantile,
} from './duration-histogram.util';

describe('duration histograms', () => {
  it('puts sub-millisecond durations in bucket 0 and reads them back as 0', () => {
    const sut = addDuration(addDuration({}, 0), 0.4);

    expect(bucketOf(0.4)).toBe(0);
    expect(sut).toEqual({ '0': 2 });
    expect(quantile(sut, 0.95)).toBe(0);
  });

  it.each([3, 250, 61_000, 3_600_000, 30 * 86_400_000])('reads %d ms back within the accuracy', (ms) => {
    const sut = addDuration({}, ms);

    const read = quantile(sut, 0.5) as number;
    expect(Math.abs(read - ms) / ms).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ACCURACY + 1e-9);
  });

  it('takes p95 by nearest rank over merged hours, like a sorted list would', () => {
    const hourA: Histogram = {};
    const hourB: Histogram = {};
    const all: number[] = [];
    for (let i = 1; i <= 100; i += 1) {
      const ms = i * 1_000;
      addDuration(i % 2 ? hourA : hourB, ms);
      all.push(ms);
    }

    const sut = mergeHistograms(mergeHistograms({}, hourA), hourB);

    expect(Object.values(sut).reduce((a, b) => a + b, 0)).toBe(100);
    const p95 = quantile(sut, 0.95) as number;
    expect(Math.abs(p95 - 95_000) / 95_000).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ACCURACY);
    expect(quantile({}, 0.95)).toBeNull();
  });
});
