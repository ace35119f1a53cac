import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EvidenceSchema, IncidentFamily, RemediationSchema, SnippetSchema } from '@flowpilot/shared';
import { allRules, RuleCatalogue } from './rule-catalogue';
import { contextOf } from './rule-context.fixture';
import { RuleEngine } from './rule-engine';

interface CorpusIncident {
  id: string;
  expected: IncidentFamily;
  incidentType: string;
  message: string;
  stackTrace: string | null;
}

const load = (name: string) =>
  JSON.parse(readFileSync(resolve(__dirname, '../../../../test/fixtures/incidents', name), 'utf8')) as {
    incidents: CorpusIncident[];
  };
const corpus = load('corpus.json');
const holdout = load('holdout.json');

/** The rule engine against the hand-labelled corpus: the measured accuracy is printed, and must stay at or above 90%. */
describe('RuleEngine on the incident corpus', () => {
  const sut = new RuleEngine(new RuleCatalogue());
  const classify = (incidents: CorpusIncident[]) => {
    const results = incidents.map((incident) => ({
      incident,
      verdict: sut.evaluate(
        contextOf({
          message: incident.message,
          stackTrace: incident.stackTrace,
          incidentType: incident.incidentType,
        }),
      ),
    }));
    const misses = results.filter((r) => r.verdict.family !== r.incident.expected);
    return { results, misses, accuracy: (results.length - misses.length) / results.length };
  };
  const report = (name: string, { results, misses, accuracy }: ReturnType<typeof classify>) => {
    const lines = misses.map(
      (m) =>
        `  ${m.incident.id}: expected ${m.incident.expected}, got ${m.verdict.family} (${m.verdict.confidence.toFixed(2)})`,
    );
    process.stdout.write(
      `${name}: ${results.length - misses.length}/${results.length} correct, accuracy ${(accuracy * 100).toFixed(1)}%\n${lines.join('\n')}\n`,
    );
  };
  const { results, misses, accuracy } = classify(corpus.incidents);

  it('has at least 40 incidents covering every family', () => {
    expect(corpus.incidents.length).toBeGreaterThanOrEqual(40);
    const families = new Set(corpus.incidents.map((i) => i.expected));
    expect(families.size).toBe(allRules().length);
  });

  it('classifies at least 90% of the corpus correctly', () => {
    report('incident corpus', { results, misses, accuracy });
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('classifies at least 75% of the held-out incidents (written after the rules, never tuned on)', () => {
    const measured = classify(holdout.incidents);
    report('held-out incidents', measured);
    expect(measured.accuracy).toBeGreaterThanOrEqual(0.75);
  });

  it('produces complete, schema-shaped verdicts for every incident', () => {
    for (const { verdict } of results) {
      expect(verdict.rootCause.length).toBeGreaterThan(20);
      expect(verdict.fixSteps.length).toBeGreaterThan(0);
      expect(verdict.evidence.length).toBeGreaterThan(0);
      expect(verdict.confidence).toBeGreaterThan(0);
      expect(verdict.confidence).toBeLessThanOrEqual(1);
      expect(RemediationSchema.safeParse(verdict.remediation).success).toBe(true);
      expect(SnippetSchema.nullable().safeParse(verdict.snippet).success).toBe(true);
      expect(verdict.evidence.every((e) => EvidenceSchema.safeParse(e).success)).toBe(true);
    }
  });
});
