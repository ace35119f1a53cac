/**
 * Rule engine speed and accuracy against a named baseline measured in the same
 * run: a keyword classifier (one case-insensitive substring list per family,
 * first hit wins) — the simplest thing that could work.
 *
 *   npx ts-node -r tsconfig-paths/register bench/incident-ai/rule-engine.bench.ts
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IncidentFamily } from '@flowpilot/shared';
import { BpmnModel } from '../../apps/incident-ai/src/model/bpmn-model';
import { signatureOf } from '../../apps/incident-ai/src/patterns/signature.util';
import { RuleCatalogue } from '../../apps/incident-ai/src/rules/rule-catalogue';
import { contextOf } from '../../apps/incident-ai/src/rules/rule-context.fixture';
import { RuleEngine } from '../../apps/incident-ai/src/rules/rule-engine';
import { emitBenchOutcome } from '../report/bench-result';

interface Labelled {
  expected: IncidentFamily;
  incidentType: string;
  message: string;
  stackTrace: string | null;
}

const fixtures = resolve(__dirname, '../../test/fixtures/incidents');
const incidents = ['corpus.json', 'holdout.json'].flatMap(
  (f) => (JSON.parse(readFileSync(resolve(fixtures, f), 'utf8')) as { incidents: Labelled[] }).incidents,
);

const KEYWORDS: [IncidentFamily, string[]][] = [
  ['missing-variable', ['cannot resolve identifier']],
  ['class-not-found', ['classnotfound', 'cannot load class', 'noclassdeffound']],
  ['connection-refused', ['connection refused', 'econnrefused']],
  ['unknown-host', ['unknownhost', 'enotfound']],
  ['timeout', ['timeout', 'timed out']],
  ['http-5xx', ['500', '502', '503']],
  ['auth-failure', ['401', '403', 'unauthorized', 'forbidden']],
  ['rate-limited', ['429', 'too many requests']],
  ['optimistic-locking', ['optimisticlocking']],
  ['script-error', ['script']],
  ['null-pointer', ['nullpointer', 'is null', 'undefined']],
  ['serialization', ['json', 'deserializ']],
  ['type-conversion', ['coerce', 'cannot be cast', 'numberformat']],
  ['no-outgoing-flow', ['no outgoing sequence flow']],
  ['timer-configuration', ['duedate', 'cron']],
  ['database-constraint', ['constraint', 'too long']],
  ['code-defect', ['exception']],
];

function keywordFamily(incident: Labelled): IncidentFamily {
  const text = `${incident.message}\n${incident.stackTrace ?? ''}`.toLowerCase();
  return KEYWORDS.find(([, words]) => words.some((w) => text.includes(w)))?.[0] ?? 'unknown';
}

function measure(label: string, rounds: number, work: () => void): number {
  for (let i = 0; i < Math.min(rounds, 50); i++) work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) work();
  const perRoundUs = Number(process.hrtime.bigint() - started) / 1_000 / rounds;
  process.stdout.write(
    `${label.padEnd(44)} ${(perRoundUs / incidents.length).toFixed(2).padStart(8)} µs/incident\n`,
  );
  return perRoundUs;
}

const engine = new RuleEngine(new RuleCatalogue());
const contexts = incidents.map((i) =>
  contextOf({ message: i.message, stackTrace: i.stackTrace, incidentType: i.incidentType }),
);
const model = BpmnModel.parse(readFileSync(resolve(fixtures, 'bpmn/ia-missing-variable.bpmn'), 'utf8'));
const withModel = contexts.map((c) => ({
  ...c,
  model,
  facts: { ...c.facts, activityId: 'failing' },
  element: model.element('failing'),
}));

const accuracy = (families: IncidentFamily[]) =>
  families.filter((f, i) => f === incidents[i].expected).length / incidents.length;
process.stdout.write(`${incidents.length} labelled incidents (corpus + held-out)\n`);
const ruleAccuracy = accuracy(contexts.map((c) => engine.evaluate(c).family));
const keywordAccuracy = accuracy(incidents.map(keywordFamily));
process.stdout.write(
  `accuracy: rule engine ${(ruleAccuracy * 100).toFixed(1)}%, keyword baseline ${(keywordAccuracy * 100).toFixed(1)}%\n`,
);

const rounds = Number(process.argv[2] ?? 300);
const baseline = measure('keyword baseline', rounds, () => incidents.forEach(keywordFamily));
const rules = measure('rule engine (message + stack trace)', rounds, () =>
  contexts.forEach((c) => engine.evaluate(c)),
);
const rulesWithModel = measure('rule engine (+ deployed BPMN model)', rounds, () =>
  withModel.forEach((c) => engine.evaluate(c)),
);
const signatures = measure('pattern signature', rounds, () =>
  incidents.forEach((i) => signatureOf(i.incidentType, i.message)),
);
process.stdout.write(
  `ratios vs keyword baseline: rules ${(rules / baseline).toFixed(1)}x, rules+model ${(rulesWithModel / baseline).toFixed(1)}x, signature ${(signatures / baseline).toFixed(1)}x\n`,
);

const perIncident = (perRoundUs: number) => perRoundUs / incidents.length;
emitBenchOutcome({
  what: `classification accuracy and cost per incident of the rule engine on ${incidents.length} labelled incidents (corpus + held-out)`,
  baseline: 'a keyword classifier: one case-insensitive substring list per family, first hit wins',
  parameters: { incidents: incidents.length, rounds },
  metrics: [
    {
      name: 'accuracy',
      unit: '%',
      value: ruleAccuracy * 100,
      better: 'higher',
      baseline: { name: 'keyword classifier', value: keywordAccuracy * 100 },
    },
    ...(
      [
        ['cost, rule engine (message + stack trace)', rules],
        ['cost, rule engine (+ deployed BPMN model)', rulesWithModel],
        ['cost, pattern signature', signatures],
      ] as const
    ).map(([name, perRoundUs]) => ({
      name,
      unit: 'µs/incident',
      value: perIncident(perRoundUs),
      better: 'lower' as const,
      baseline: { name: 'keyword classifier', value: perIncident(baseline) },
    })),
  ],
});
