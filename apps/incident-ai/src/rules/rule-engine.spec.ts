import type { IncidentRule, RuleVerdict } from './rule';
import { contextOf } from './rule-context.fixture';
import { RuleEngine } from './rule-engine';

const verdict = (family: RuleVerdict['family'], confidence: number): RuleVerdict => ({
  family,
  confidence,
  rootCause: family,
  fixSteps: [],
  snippet: null,
  evidence: [],
  remediation: { action: 'none', retries: null, variables: null, rationale: '' },
});
const rule = (result: RuleVerdict | null): IncidentRule => ({
  family: result?.family ?? 'unknown',
  evaluate: () => result,
});

describe('RuleEngine', () => {
  it('keeps the most confident verdict', () => {
    const sut = new RuleEngine({
      rules: [rule(verdict('timeout', 0.7)), rule(null), rule(verdict('http-5xx', 0.86))],
    });

    expect(sut.evaluate(contextOf({ message: 'x' })).family).toBe('http-5xx');
  });

  it('answers unknown, with no automated action, when no rule is confident enough', () => {
    const sut = new RuleEngine({ rules: [rule(verdict('timeout', 0.1))] });

    expect(sut.evaluate(contextOf({ message: 'Something odd' }))).toMatchObject({
      family: 'unknown',
      remediation: { action: 'none', retries: null },
    });
  });
});
