import { jobFailureRisk, rankRisks } from './job-failure-risk.util';

const key = { processDefinitionKey: 'invoice', activityId: 'charge' };
const rules = { minSamples: 10, horizonDays: 7, high: 0.5, medium: 0.2 };

describe('jobFailureRisk', () => {
  it('projects a rising failure rate along its trend', () => {
    const days = [0, 1, 2, 3].map((i) => ({ day: 20_000 + i, failures: 5 + 5 * i, completions: 95 - 5 * i }));

    const sut = jobFailureRisk(key, days, rules)!;

    expect(sut.failureRate).toBeCloseTo(0.125, 6);
    expect(sut.trendPerDay).toBeCloseTo(0.05, 6);
    expect(sut.trend).toBe('rising');
    expect(sut.projectedRate).toBeCloseTo(0.475, 6);
    expect(sut.riskScore).toBe(48);
    expect(sut.level).toBe('medium');
  });

  it('does not lower the risk below the current rate for a falling trend', () => {
    const days = [0, 1, 2].map((i) => ({ day: i, failures: 30 - 10 * i, completions: 70 + 10 * i }));

    const sut = jobFailureRisk(key, days, rules)!;

    expect(sut.trend).toBe('falling');
    expect(sut.projectedRate).toBeCloseTo(sut.failureRate, 9);
  });

  it('has nothing to say without failures or with too few runs', () => {
    expect(jobFailureRisk(key, [{ day: 1, failures: 0, completions: 500 }], rules)).toBeNull();
    expect(jobFailureRisk(key, [{ day: 1, failures: 3, completions: 2 }], rules)).toBeNull();
  });

  it('ranks the highest projected rate first', () => {
    const low = jobFailureRisk(key, [{ day: 1, failures: 1, completions: 99 }], rules)!;
    const high = jobFailureRisk(
      { ...key, activityId: 'ship' },
      [{ day: 1, failures: 60, completions: 40 }],
      rules,
    )!;

    expect(rankRisks([low, high]).map((r) => [r.activityId, r.level])).toEqual([
      ['ship', 'high'],
      ['charge', 'low'],
    ]);
  });
});
