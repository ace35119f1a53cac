import { BottleneckEntry } from '@flowpilot/shared';
import { DdSketch } from '../statistics/dd-sketch.util';

export interface ActivityWindow {
  activityId: string;
  activityName: string | null;
  /** The window's day sketches merged. */
  sketch: DdSketch;
  totalMs: number;
  maxMs: number;
}

/** Sketch values carry the bucket's midpoint to many digits; a tenth of a millisecond is all they mean. */
export const tenthMs = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Ranks a definition's activities by p95 (the slow tail users feel), ties by
 * total time; each entry carries its share of the definition's activity time.
 * Activities with fewer than `minSamples` executions are left out: their
 * percentiles mean nothing yet.
 */
export function rankBottlenecks(
  activities: readonly ActivityWindow[],
  minSamples: number,
): BottleneckEntry[] {
  const eligible = activities.filter((a) => a.sketch.count >= minSamples);
  const grandTotal = eligible.reduce((s, a) => s + a.totalMs, 0);
  const entries = eligible.map((a) => {
    const [p50, p95, p99] = a.sketch.quantiles([0.5, 0.95, 0.99]);
    return {
      rank: 0,
      activityId: a.activityId,
      activityName: a.activityName,
      count: a.sketch.count,
      p50Ms: tenthMs(p50 ?? 0),
      p95Ms: tenthMs(p95 ?? 0),
      p99Ms: tenthMs(p99 ?? 0),
      meanMs: tenthMs(a.totalMs / a.sketch.count),
      maxMs: a.maxMs,
      totalMs: a.totalMs,
      shareOfTotal: grandTotal > 0 ? a.totalMs / grandTotal : 0,
    };
  });
  entries.sort((a, b) => b.p95Ms - a.p95Ms || b.totalMs - a.totalMs);
  return entries.map((e, i) => ({ ...e, rank: i + 1 }));
}
