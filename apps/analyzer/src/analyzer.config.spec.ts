import { ConfigurationError, loadConfig } from '@flowpilot/shared';
import { AnalyzerConfigSchema } from './analyzer.config';

const load = (env: Record<string, string>) => loadConfig('analyzer', AnalyzerConfigSchema, env);

describe('analyzer settings', () => {
  it('has the documented defaults', () => {
    const sut = load({});

    expect(sut).toMatchObject({
      AI_LOOKBACK_DAYS: 30,
      AI_MIN_DATA: 10,
      ANOMALY_Z_THRESHOLD: 3,
      SLA_THRESHOLD_HOURS: 24,
      SLA_AT_RISK_SHARE: 0.8,
      SLA_TARGETS: { processes: {}, userTasks: {} },
    });
  });

  it('reads SLA targets as JSON of ISO-8601 durations', () => {
    const sut = load({
      SLA_TARGETS: '{"processes":{"invoice":"P2D"},"userTasks":{"invoice:approve":"PT4H"}}',
    });

    expect(sut.SLA_TARGETS.userTasks['invoice:approve']).toBe('PT4H');
  });

  it.each([
    [{ SLA_TARGETS: '{not json' }, 'SLA_TARGETS'],
    [{ SLA_TARGETS: '{"processes":{"invoice":"two days"}}' }, 'SLA_TARGETS.processes.invoice'],
    [{ SLA_AT_RISK_SHARE: '1.2' }, 'SLA_AT_RISK_SHARE'],
    [{ JOB_RISK_MEDIUM: '0.6', JOB_RISK_HIGH: '0.5' }, 'JOB_RISK_MEDIUM'],
    [{ AI_LOOKBACK_DAYS: '0' }, 'AI_LOOKBACK_DAYS'],
  ])('stops on %j naming %s', (env, name) => {
    let error: unknown;
    try {
      load(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.join('\n')).toContain(name);
  });
});
