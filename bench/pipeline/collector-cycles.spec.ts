import { describeCycles, parseCycles } from './collector-cycles';

const exposition = (counts: Record<string, number>, sum: number, failed = 0, skipped = 0) =>
  [
    '# HELP flowpilot_collector_poll_duration_seconds Duration of one collection cycle of a node.',
    ...Object.entries(counts).map(
      ([le, n]) => `flowpilot_collector_poll_duration_seconds_bucket{le="${le}",node="n1",outcome="ok"} ${n}`,
    ),
    `flowpilot_collector_poll_duration_seconds_bucket{le="+Inf",node="n1",outcome="failed"} ${failed}`,
    `flowpilot_collector_poll_duration_seconds_count{node="n1",outcome="failed"} ${failed}`,
    `flowpilot_collector_polls_skipped_total{node="n1",reason="in-flight"} ${skipped}`,
    `flowpilot_collector_poll_duration_seconds_sum{node="n1",outcome="ok"} ${sum}`,
    `flowpilot_collector_poll_duration_seconds_count{node="n1",outcome="ok"} ${counts['+Inf']}`,
  ].join('\n');

describe('collector cycles between two scrapes', () => {
  it('counts only the cycles in between, and names the bucket the longest stayed under', () => {
    const before = parseCycles(exposition({ '1': 10, '2.5': 10, '5': 10, '+Inf': 10 }, 3, 1, 0));
    const after = parseCycles(exposition({ '1': 12, '2.5': 13, '5': 14, '+Inf': 14 }, 11, 3, 5));

    expect(describeCycles(before, after)).toBe(
      "collector cycles from the burst's start until the collector's watch ended: 4, mean 2.00 s, " +
        'longest ≤ 5 s (2 over 1 s, 1 over 2.5 s); 2 ended otherwise (failed or timed out), 5 polls skipped.',
    );
  });

  it('keeps failed cycles out of the durations, and counts them apart', () => {
    const histogram = parseCycles(exposition({ '1': 1, '+Inf': 1 }, 0.2, 7, 2));

    expect(histogram).toMatchObject({ count: 1, notOk: 7, skipped: 2 });
  });
});
