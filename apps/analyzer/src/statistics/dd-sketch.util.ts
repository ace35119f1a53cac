/**
 * A DDSketch (Masson, Rim, Lee, VLDB 2019): a quantile sketch with a
 * relative-error guarantee. Values fall into logarithmic buckets of ratio
 * gamma = (1 + α) / (1 − α); any quantile is returned within a factor α of the
 * true one. Sketches with the same α merge exactly by adding bucket counts,
 * which is why the analyzer keeps one per (definition, activity, day) and
 * merges days into the look-back window. Durations are whole milliseconds, so
 * buckets span 1 ms … one year: at most ~1 200 buckets per sketch at α = 1 %.
 */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;

/** Index used for exact zeros (instant activities), below every logarithmic bucket. */
export const ZERO_BUCKET = -2_147_483_648;

export class DdSketch {
  private readonly logGamma: number;
  private readonly counts = new Map<number, number>();
  private total = 0;

  constructor(readonly relativeAccuracy: number = DEFAULT_RELATIVE_ACCURACY) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) throw new RangeError('relative accuracy must be in (0, 1)');
    this.logGamma = Math.log((1 + relativeAccuracy) / (1 - relativeAccuracy));
  }

  static fromBuckets(buckets: Iterable<readonly [number, number]>, relativeAccuracy = DEFAULT_RELATIVE_ACCURACY): DdSketch {
    const sketch = new DdSketch(relativeAccuracy);
    for (const [index, count] of buckets) sketch.addToBucket(index, count);
    return sketch;
  }

  get count(): number {
    return this.total;
  }

  /** Bucket a value falls in; negative values are not durations and are rejected. */
  bucketOf(value: number): number {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`not a duration: ${value}`);
    return value === 0 ? ZERO_BUCKET : Math.ceil(Math.log(value) / this.logGamma);
  }

  add(value: number, count = 1): void {
    this.addToBucket(this.bucketOf(value), count);
  }

  merge(other: DdSketch): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) throw new Error('cannot merge sketches of different accuracy');
    for (const [index, count] of other.counts) this.addToBucket(index, count);
  }

  buckets(): IterableIterator<[number, number]> {
    return this.counts.entries();
  }

  get bucketCount(): number {
    return this.counts.size;
  }

  /** Quantiles for each q in [0, 1], in the order asked; null for an empty sketch. */
  quantiles(qs: readonly number[]): (number | null)[] {
    if (this.total === 0) return qs.map(() => null);
    const sorted = [...this.counts.entries()].sort(([a], [b]) => a - b);
    return qs.map((q) => {
      const rank = Math.min(1, Math.max(0, q)) * (this.total - 1);
      let cumulative = 0;
      for (const [index, count] of sorted) {
        cumulative += count;
        if (cumulative > rank) return this.valueOf(index);
      }
      return this.valueOf(sorted[sorted.length - 1][0]);
    });
  }

  quantile(q: number): number | null {
    return this.quantiles([q])[0];
  }

  private addToBucket(index: number, count: number): void {
    if (!(count > 0)) return;
    this.counts.set(index, (this.counts.get(index) ?? 0) + count);
    this.total += count;
  }

  /** The value that is within α of every value in the bucket. */
  private valueOf(index: number): number {
    if (index === ZERO_BUCKET) return 0;
    return (2 * Math.exp(index * this.logGamma)) / (1 + Math.exp(this.logGamma));
  }
}
