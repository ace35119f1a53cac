import { buildLeaderboard } from './leaderboard.util';

const base = {
  started: 100,
  completed: 100,
  incidents: 0,
  slaMet: 100,
  slaMissed: 0,
  medianMs: 1_000,
  p95Ms: 5_000,
};

describe('buildLeaderboard', () => {
  it('scores SLA compliance and incident rate and ranks by score, then throughput', () => {
    const sut = buildLeaderboard(
      [
        { ...base, processDefinitionKey: 'late', slaMet: 50, slaMissed: 50 },
        { ...base, processDefinitionKey: 'busy', completed: 300, started: 300, slaMet: 300 },
        { ...base, processDefinitionKey: 'clean' },
        { ...base, processDefinitionKey: 'failing', incidents: 50 },
      ],
      10,
    );

    expect(sut.map((e) => [e.rank, e.processDefinitionKey, e.score])).toEqual([
      [1, 'busy', 100],
      [2, 'clean', 100],
      [3, 'failing', 80],
      [4, 'late', 70],
    ]);
    expect(sut[0].throughputPerDay).toBe(30);
    expect(sut[2].incidentRate).toBeCloseTo(0.5, 9);
    expect(sut[3].slaCompliance).toBeCloseTo(0.5, 9);
  });

  it('leaves compliance unknown when nothing finished', () => {
    const [sut] = buildLeaderboard(
      [{ ...base, processDefinitionKey: 'new', completed: 0, slaMet: 0, medianMs: null, p95Ms: null }],
      30,
    );

    expect(sut.slaCompliance).toBeNull();
    expect(sut.score).toBe(100);
  });
});
