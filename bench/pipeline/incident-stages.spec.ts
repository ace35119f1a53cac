import { describeStages, IncidentStages } from './incident-stages';

const traced = (
  incidentId: string,
  publishedMs: number,
  projectedMs: number,
  sentMs: number,
  receivedMs: number,
) =>
  ({
    incidentId,
    openedAt: 1_000_000,
    publishedMs,
    projectedMs,
    sentMs,
    receivedMs,
  }) satisfies IncidentStages;

describe('describeStages', () => {
  it('gives each hop its own time, and names the hops of the slowest incident', () => {
    const line = describeStages('during the burst', [
      traced('a', 400, 450, 500, 520),
      traced('b', 3_900, 4_000, 4_600, 4_650),
      traced('c', 500, 560, 600, 630),
    ]);

    expect(line).toBe(
      'incident hops (during the burst, 3 traced): medians engine → Kafka 500 ms, Kafka → outbox 60 ms, ' +
        'outbox → first attempt 50 ms, attempt → received 30 ms; slowest (4650 ms): engine → Kafka 3900 ms, ' +
        'Kafka → outbox 100 ms, outbox → first attempt 600 ms, attempt → received 50 ms.',
    );
  });

  it('places the slowest incident against a moment of the run', () => {
    const line = describeStages('during the burst', [traced('a', 400, 450, 500, 520)], {
      name: "the burst's commit",
      at: 1_000_250,
    });

    expect(line).toContain("slowest (520 ms, opened 250 ms before the burst's commit)");
  });

  it('says so when no incident could be traced', () => {
    expect(describeStages('idle engine', [])).toBe('incident hops (idle engine): none could be traced.');
  });
});
