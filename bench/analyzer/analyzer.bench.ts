/**
 * Analyzer benchmark: p95/p99 and z-score anomalies over 1M activity instances.
 *
 *   node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register bench/analyzer/analyzer.bench.ts [sizes]
 *
 * `sizes` is a comma-separated list of instance counts (default 1000000,4000000):
 * the second size shows what grows with history and what does not.
 *
 * Flowpilot's way (streaming): per fact, judge the duration against its key's
 * Welford baseline, add it to the baseline and to the key's DDSketch of the
 * fact's day; at report time, merge the window's day sketches and read
 * p95/p99. Baseline in the same run (batch, what a query-everything analyzer
 * does): keep every duration per key, sort, take exact percentiles, and score
 * every duration against its key's two-pass mean and deviation.
 * Figures: median of RUNS runs each; peak heap above the input data, sampled.
 */
import { judgeDuration } from '../../apps/analyzer/src/statistics/duration-anomaly.util';
import { DdSketch } from '../../apps/analyzer/src/statistics/dd-sketch.util';
import { addSample, EMPTY_STATS, RunningStats } from '../../apps/analyzer/src/statistics/welford.util';
import { BenchMetric, emitBenchOutcome } from '../report/bench-result';

const SIZES = (process.argv[2] ?? '1000000,4000000').split(',').map(Number);
const DEFINITIONS = 20;
const ACTIVITIES = 10;
const KEYS = DEFINITIONS * ACTIVITIES;
const DAYS = 30;
const RUNS = 3;
const RULES = { threshold: 3, minSamples: 10, minDurationMs: 1_000 };
const SAMPLE_EVERY = 25_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Deterministic log-normal durations, 0.3 % of them planted 20× outliers. */
function generate(N: number): { keys: Uint16Array; days: Uint8Array; durations: Float64Array } {
  let seed = 12345;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const keys = new Uint16Array(N);
  const days = new Uint8Array(N);
  const durations = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const key = Math.floor(next() * KEYS);
    const gaussian = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    const typical = Math.exp(6 + (key % 7) + 0.3 * gaussian);
    keys[i] = key;
    days[i] = Math.floor((i / N) * DAYS);
    durations[i] = Math.round(next() < 0.003 ? typical * 20 : typical);
  }
  return { keys, days, durations };
}

interface Outcome {
  ingestMs: number;
  queryMs: number;
  peakHeapBytes: number;
  anomalies: number;
  p95: Float64Array;
  p99: Float64Array;
}

class PeakHeap {
  private readonly base: number;
  peak = 0;
  constructor() {
    gc!();
    this.base = process.memoryUsage().heapUsed;
  }
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed - this.base);
  }
}

function streaming(data: ReturnType<typeof generate>): Outcome {
  const N = data.durations.length;
  const heap = new PeakHeap();
  const t0 = performance.now();
  const stats: RunningStats[] = Array.from({ length: KEYS }, () => EMPTY_STATS);
  const sketches: DdSketch[][] = Array.from({ length: KEYS }, () =>
    Array.from({ length: DAYS }, () => new DdSketch()),
  );
  let anomalies = 0;
  for (let i = 0; i < N; i++) {
    const key = data.keys[i];
    const value = data.durations[i];
    if (judgeDuration(stats[key], value, RULES)) anomalies++;
    stats[key] = addSample(stats[key], value);
    sketches[key][data.days[i]].add(value);
    if (i % SAMPLE_EVERY === 0) heap.sample();
  }
  const t1 = performance.now();
  const p95 = new Float64Array(KEYS);
  const p99 = new Float64Array(KEYS);
  for (let key = 0; key < KEYS; key++) {
    const window = new DdSketch();
    for (const day of sketches[key]) window.merge(day);
    [p95[key], p99[key]] = window.quantiles([0.95, 0.99]) as number[];
  }
  heap.sample();
  return {
    ingestMs: t1 - t0,
    queryMs: performance.now() - t1,
    peakHeapBytes: heap.peak,
    anomalies,
    p95,
    p99,
  };
}

function batch(data: ReturnType<typeof generate>): Outcome {
  const N = data.durations.length;
  const heap = new PeakHeap();
  const t0 = performance.now();
  const perKey: number[][] = Array.from({ length: KEYS }, () => []);
  for (let i = 0; i < N; i++) {
    perKey[data.keys[i]].push(data.durations[i]);
    if (i % SAMPLE_EVERY === 0) heap.sample();
  }
  const t1 = performance.now();
  const p95 = new Float64Array(KEYS);
  const p99 = new Float64Array(KEYS);
  let anomalies = 0;
  for (let key = 0; key < KEYS; key++) {
    const values = perKey[key];
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    for (const v of values)
      if (values.length >= RULES.minSamples && sd > 0 && Math.abs((v - mean) / sd) >= RULES.threshold)
        anomalies++;
    const sorted = Float64Array.from(values).sort();
    p95[key] = sorted[Math.floor(0.95 * (sorted.length - 1))];
    p99[key] = sorted[Math.floor(0.99 * (sorted.length - 1))];
    heap.sample();
  }
  return {
    ingestMs: t1 - t0,
    queryMs: performance.now() - t1,
    peakHeapBytes: heap.peak,
    anomalies,
    p95,
    p99,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
const ms = (x: number) => x.toFixed(0);

function measure(run: () => Outcome) {
  const outcomes = Array.from({ length: RUNS }, () => run());
  return {
    ingestMs: median(outcomes.map((o) => o.ingestMs)),
    queryMs: median(outcomes.map((o) => o.queryMs)),
    totalMs: median(outcomes.map((o) => o.ingestMs + o.queryMs)),
    peakHeapBytes: median(outcomes.map((o) => o.peakHeapBytes)),
    last: outcomes[outcomes.length - 1],
  };
}

console.log(
  `analyzer bench: ${KEYS} (definition, activity) keys, ${DAYS} day buckets, median of ${RUNS} runs, node ${process.version}`,
);
console.log('| instances | approach | ingest ms | p95/p99 ms | total ms | peak heap MB | anomalies |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
const ratios: string[] = [];
const metrics: BenchMetric[] = [];
for (const N of SIZES) {
  const data = generate(N);
  const flow = measure(() => streaming(data));
  const exact = measure(() => batch(data));
  let worstError = 0;
  for (let key = 0; key < KEYS; key++) {
    worstError = Math.max(
      worstError,
      Math.abs(flow.last.p95[key] - exact.last.p95[key]) / exact.last.p95[key],
      Math.abs(flow.last.p99[key] - exact.last.p99[key]) / exact.last.p99[key],
    );
  }
  const n = N.toLocaleString('en');
  console.log(
    `| ${n} | streaming (Welford + DDSketch per key-day) | ${ms(flow.ingestMs)} | ${ms(flow.queryMs)} | ${ms(flow.totalMs)} | ${mb(flow.peakHeapBytes)} | ${flow.last.anomalies} |`,
  );
  console.log(
    `| ${n} | baseline (keep all, sort, two-pass z) | ${ms(exact.ingestMs)} | ${ms(exact.queryMs)} | ${ms(exact.totalMs)} | ${mb(exact.peakHeapBytes)} | ${exact.last.anomalies} |`,
  );
  ratios.push(
    `${n}: streaming/baseline total time ${(flow.totalMs / exact.totalMs).toFixed(2)}, p95/p99 read time ${(flow.queryMs / exact.queryMs).toFixed(3)}, ` +
      `peak heap ${(flow.peakHeapBytes / exact.peakHeapBytes).toFixed(2)}; worst p95/p99 error vs exact ${(worstError * 100).toFixed(3)} % (guarantee 1 %)`,
  );
  const baselineName = 'keep all, sort, two-pass z';
  metrics.push(
    {
      name: `total time @ ${n}`,
      unit: 'ms',
      value: flow.totalMs,
      better: 'lower',
      baseline: { name: baselineName, value: exact.totalMs },
    },
    {
      name: `p95/p99 read time @ ${n}`,
      unit: 'ms',
      value: flow.queryMs,
      better: 'lower',
      baseline: { name: baselineName, value: exact.queryMs },
    },
    {
      name: `peak heap @ ${n}`,
      unit: 'MB',
      value: flow.peakHeapBytes / 1_048_576,
      better: 'lower',
      baseline: { name: baselineName, value: exact.peakHeapBytes / 1_048_576 },
    },
    {
      name: `worst p95/p99 relative error @ ${n}`,
      unit: '%',
      value: worstError * 100,
      better: 'lower',
      baseline: { name: 'DDSketch guarantee', value: 1 },
    },
  );
}
ratios.forEach((r) => console.log(r));
emitBenchOutcome({
  what: `streaming p95/p99 and z-score anomalies (Welford + DDSketch per key-day) over ${SIZES.map((n) => n.toLocaleString('en')).join(' and ')} activity instances, ${KEYS} keys, ${DAYS} days`,
  baseline:
    'batch: keep every duration per key, sort for exact percentiles, score against two-pass mean and deviation',
  parameters: { instances: SIZES.join(','), keys: KEYS, days: DAYS, runs: RUNS },
  metrics,
});
