import { AnalyzerConfigSchema } from '../analyzer.config';
import { thresholdDefaultsOf } from '../analyzer.settings';
import { overlayThresholds } from './effective-thresholds.util';

const defaults = thresholdDefaultsOf(
  AnalyzerConfigSchema.parse({ ANOMALY_Z_THRESHOLD: '3.5', SLA_TARGETS: '{"processes":{"invoice":"P2D"}}' }),
);

describe('overlayThresholds', () => {
  it('takes each overridden field and keeps the start-up value of the others', () => {
    const sut = overlayThresholds(defaults, { anomalyZScore: 2, slaAtRiskShare: 0.5 });

    expect(sut).toEqual({ ...defaults, anomalyZScore: 2, slaAtRiskShare: 0.5 });
  });

  it('replaces SLA targets as a whole: a snapshot, not a patch', () => {
    const sut = overlayThresholds(defaults, {
      slaTargets: { processes: {}, userTasks: { approve: 'PT1H' } },
    });

    expect(sut.slaTargets).toEqual({ processes: {}, userTasks: { approve: 'PT1H' } });
  });

  it('falls back to every start-up value for an empty snapshot', () => {
    expect(overlayThresholds(defaults, {})).toEqual(defaults);
  });

  it('keeps the start-up risk levels when the overrides would cross them', () => {
    const sut = overlayThresholds(defaults, { jobRiskMedium: 0.7 });

    expect([sut.jobRiskMedium, sut.jobRiskHigh]).toEqual([defaults.jobRiskMedium, defaults.jobRiskHigh]);
  });
});
