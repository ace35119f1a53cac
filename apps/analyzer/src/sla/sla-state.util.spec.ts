import { SlaState, slaStateFor, slaTransition } from './sla-state.util';

const TARGET = 10_000;
const SHARE = 0.8;

/** Evaluates an item at each elapsed time like the sweep does, keeping the persisted state, and collects alerts. */
function alertsOver(elapsed: number[], start: SlaState = 'ok'): SlaState[] {
  let state = start;
  const alerts: SlaState[] = [];
  for (const e of elapsed) {
    const next = slaTransition(state, e, TARGET, SHARE);
    if (next) {
      alerts.push(next);
      state = next;
    }
  }
  return alerts;
}

describe('SLA state machine', () => {
  it('places elapsed time against the target and the at-risk share', () => {
    expect(slaStateFor(7_999, TARGET, SHARE)).toBe('ok');
    expect(slaStateFor(8_000, TARGET, SHARE)).toBe('at-risk');
    expect(slaStateFor(9_999, TARGET, SHARE)).toBe('at-risk');
    expect(slaStateFor(10_000, TARGET, SHARE)).toBe('breached');
  });

  it('alerts once at-risk and once breached however often it is evaluated', () => {
    const sweeps = Array.from({ length: 60 }, (_, i) => i * 250);

    expect(alertsOver(sweeps)).toEqual(['at-risk', 'breached']);
  });

  it('alerts breached once when a sweep jumps past at-risk', () => {
    expect(alertsOver([1_000, 12_000, 13_000])).toEqual(['breached']);
  });

  it('never steps back nor re-alerts a state it already reported', () => {
    expect(alertsOver([9_000, 5_000, 9_500], 'at-risk')).toEqual([]);
    expect(slaTransition('breached', 50_000, TARGET, SHARE)).toBeNull();
  });

  it('follows a changed at-risk share', () => {
    expect(slaTransition('ok', 5_000, TARGET, 0.5)).toBe('at-risk');
  });
});
