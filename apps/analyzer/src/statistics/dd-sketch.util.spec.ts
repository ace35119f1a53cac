import { DdSketch } from './dd-sketch.util';

/** Deterministic PRNG (mulberry32), so the accuracy check is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Log-normal durations in whole ms, a long tail like real activity times. */
function durations(n: number, seed: number): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.round(Math.exp(7 + 1.5 * gaussian));
  });
}

/** Exact quantile at the same rank the sketch uses: the element at floor(q × (n − 1)). */
function exact(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

const QS = [0.5, 0.9, 0.95, 0.99, 0.999];

describe('DdSketch', () => {
  it('returns every quantile within the stated 1 % relative error of the exact one', () => {
    const values = durations(100_000, 42);
    const sorted = [...values].sort((a, b) => a - b);
    const sut = new DdSketch(0.01);
    values.forEach((v) => sut.add(v));

    const estimates = sut.quantiles(QS);

    QS.forEach((q, i) => {
      const truth = exact(sorted, q);
      expect(Math.abs(estimates[i]! - truth) / truth).toBeLessThanOrEqual(0.01);
    });
    expect(sut.count).toBe(100_000);
  });

  it('keeps memory bounded by the value range, not the sample count', () => {
    const sut = new DdSketch(0.01);
    durations(200_000, 7).forEach((v) => sut.add(v));

    expect(sut.bucketCount).toBeLessThan(1_200);
  });

  it('merges day sketches into exactly the sketch of all days', () => {
    const days = [durations(5_000, 1), durations(5_000, 2), durations(5_000, 3)];
    const whole = new DdSketch();
    days.flat().forEach((v) => whole.add(v));

    const sut = new DdSketch();
    for (const day of days) {
      const sketch = new DdSketch();
      day.forEach((v) => sketch.add(v));
      sut.merge(DdSketch.fromBuckets([...sketch.buckets()]));
    }

    expect(sut.quantiles(QS)).toEqual(whole.quantiles(QS));
    expect(sut.count).toBe(whole.count);
  });

  it('keeps exact zeros apart from the logarithmic buckets', () => {
    const sut = new DdSketch();
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1_000].forEach((v) => sut.add(v));

    expect(sut.quantile(0.5)).toBe(0);
    expect(sut.quantile(1)).toBeCloseTo(1_000, -1);
  });

  it('answers null when empty and rejects what is not a duration', () => {
    const sut = new DdSketch();

    expect(sut.quantile(0.95)).toBeNull();
    expect(() => sut.add(-1)).toThrow(RangeError);
    expect(() => sut.add(Number.NaN)).toThrow(RangeError);
  });
});
