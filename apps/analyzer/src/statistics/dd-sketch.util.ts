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

const INITIAL_CAPACITY = 64;

export class DdSketch {
  private readonly logGamma: number;
  /** Dense counts of consecutive buckets from `offset`: buckets of real durations are contiguous, so this beats a map. */
  private counts = new Float64Array(0);
  private offset = 0;
  private zeroCount = 0;
  private total = 0;

  constructor(readonly relativeAccuracy: number = DEFAULT_RELATIVE_ACCURACY) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
      throw new RangeError('relative accuracy must be in (0, 1)');
    this.logGamma = Math.log((1 + relativeAccuracy) / (1 - relativeAccuracy));
  }

  static fromBuckets(
    buckets: Iterable<readonly [number, number]>,
    relativeAccuracy = DEFAULT_RELATIVE_ACCURACY,
  ): DdSketch {
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
    if (other.relativeAccuracy !== this.relativeAccuracy)
      throw new Error('cannot merge sketches of different accuracy');
    for (const [index, count] of other.buckets()) this.addToBucket(index, count);
  }

  /** Non-empty buckets in ascending order, the zero bucket first. */
  *buckets(): IterableIterator<[number, number]> {
    if (this.zeroCount > 0) yield [ZERO_BUCKET, this.zeroCount];
    for (let i = 0; i < this.counts.length; i++)
      if (this.counts[i] > 0) yield [this.offset + i, this.counts[i]];
  }

  get bucketCount(): number {
    let n = this.zeroCount > 0 ? 1 : 0;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > 0) n++;
    return n;
  }

  /** Quantiles for each q in [0, 1], in the order asked; null for an empty sketch. */
  quantiles(qs: readonly number[]): (number | null)[] {
    if (this.total === 0) return qs.map(() => null);
    return qs.map((q) => {
      const rank = Math.min(1, Math.max(0, q)) * (this.total - 1);
      let cumulative = this.zeroCount;
      if (cumulative > rank) return 0;
      let last = 0;
      for (let i = 0; i < this.counts.length; i++) {
        if (this.counts[i] === 0) continue;
        cumulative += this.counts[i];
        last = this.offset + i;
        if (cumulative > rank) return this.valueOf(last);
      }
      return this.valueOf(last);
    });
  }

  quantile(q: number): number | null {
    return this.quantiles([q])[0];
  }

  private addToBucket(index: number, count: number): void {
    if (!(count > 0)) return;
    this.total += count;
    if (index === ZERO_BUCKET) {
      this.zeroCount += count;
      return;
    }
    this.ensureRange(index);
    this.counts[index - this.offset] += count;
  }

  /** Grows the dense array (doubling) so it covers `index`. */
  private ensureRange(index: number): void {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(INITIAL_CAPACITY);
      this.offset = index - INITIAL_CAPACITY / 2;
      return;
    }
    const end = this.offset + this.counts.length;
    if (index >= this.offset && index < end) return;
    const low = Math.min(index, this.offset);
    const high = Math.max(index + 1, end);
    let capacity = this.counts.length;
    while (capacity < high - low) capacity *= 2;
    const grown = new Float64Array(capacity);
    // Leave head room on the side that grew, so a drifting range does not reallocate every time.
    const newOffset = index < this.offset ? high - capacity : low;
    grown.set(this.counts, this.offset - newOffset);
    this.counts = grown;
    this.offset = newOffset;
  }

  /** The value that is within α of every value in the bucket. */
  private valueOf(index: number): number {
    return (2 * Math.exp(index * this.logGamma)) / (1 + Math.exp(this.logGamma));
  }
}
