import { addSample, EMPTY_STATS, RunningStats, standardDeviation, zScore } from './welford.util';

function streamOf(values: number[]): RunningStats {
  return values.reduce(addSample, EMPTY_STATS);
}

describe('Welford running statistics', () => {
  it('matches the two-pass mean and sample standard deviation', () => {
    const values = Array.from({ length: 1_000 }, (_, i) => 1_000 + ((i * 7919) % 503) * 3.7);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));

    const sut = streamOf(values);

    expect(sut.count).toBe(1_000);
    expect(sut.mean).toBeCloseTo(mean, 9);
    expect(standardDeviation(sut)).toBeCloseTo(sd, 9);
  });

  it('stays accurate around a large offset, where the naive sum of squares cancels', () => {
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];

    const sut = streamOf(values);

    expect(standardDeviation(sut)).toBeCloseTo(Math.sqrt(30), 6);
  });

  it('gives the standard score of a value against the baseline', () => {
    const sut = streamOf([90, 100, 110]);

    expect(zScore(sut, 130)).toBeCloseTo(3, 9);
    expect(zScore(sut, 80)).toBeCloseTo(-2, 9);
  });

  it('has no standard score without spread', () => {
    expect(zScore(streamOf([5, 5, 5]), 50)).toBeNull();
    expect(zScore(streamOf([5]), 50)).toBeNull();
  });
});
