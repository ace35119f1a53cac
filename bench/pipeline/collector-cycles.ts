/** The collector's cycle-duration histogram at one moment (successful cycles of every node). */
export interface CycleHistogram {
  count: number;
  /** Cycles that ended otherwise (failed, timed out, publish or state failures), and polls skipped. */
  notOk: number;
  skipped: number;
  sumSeconds: number;
  /** Cumulative counts by upper bound in seconds (`le`), as Prometheus exposes them. */
  buckets: Map<number, number>;
}

const METRIC = 'flowpilot_collector_poll_duration_seconds';
const SKIPPED = 'flowpilot_collector_polls_skipped_total';

/** Reads the cycle-duration histogram from a collector's /metrics. */
export async function scrapeCycles(port: number): Promise<CycleHistogram> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return parseCycles(text);
}

export function parseCycles(text: string): CycleHistogram {
  const histogram: CycleHistogram = { count: 0, notOk: 0, skipped: 0, sumSeconds: 0, buckets: new Map() };
  for (const line of text.split('\n')) {
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(SKIPPED)) histogram.skipped += value;
    if (line.startsWith(`${METRIC}_count`) && !line.includes('outcome="ok"')) histogram.notOk += value;
    if (!line.startsWith(METRIC) || !line.includes('outcome="ok"')) continue;
    if (line.startsWith(`${METRIC}_count`)) histogram.count += value;
    else if (line.startsWith(`${METRIC}_sum`)) histogram.sumSeconds += value;
    else {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      if (le === undefined) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      histogram.buckets.set(bound, (histogram.buckets.get(bound) ?? 0) + value);
    }
  }
  return histogram;
}

/**
 * The cycles run between two scrapes: how many, their mean, and the bucket bound the longest stayed under.
 * An incident committed just after its cycle read the incident stream waits for the rest of that cycle.
 */
export function describeCycles(before: CycleHistogram, after: CycleHistogram): string {
  const count = after.count - before.count;
  const others = `${after.notOk - before.notOk} ended otherwise (failed or timed out), ${after.skipped - before.skipped} polls skipped`;
  if (count <= 0) return `collector cycles during the burst: none completed; ${others}.`;
  const mean = (after.sumSeconds - before.sumSeconds) / count;
  const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
  const longest = bounds.find((le) => (after.buckets.get(le) ?? 0) - (before.buckets.get(le) ?? 0) >= count);
  const above = (le: number) => count - ((after.buckets.get(le) ?? 0) - (before.buckets.get(le) ?? 0));
  return (
    `collector cycles from the burst's start until the collector's watch ended: ${count}, mean ${mean.toFixed(2)} s, ` +
    `longest ≤ ${longest === undefined || longest === Infinity ? 'the largest bucket' : `${longest} s`}` +
    ` (${above(1)} over 1 s, ${above(2.5)} over 2.5 s); ${others}.`
  );
}
