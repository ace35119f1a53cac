import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';

const TOO_LONG =
  /value too long for type character varying\((\d+)\)|ORA-12899|Data truncation|String or binary data would be truncated|Data too long for column '([^']+)'/i;
const DUPLICATE =
  /duplicate key value violates unique constraint "?([\w.]+)"?|ORA-00001|Duplicate entry '[^']*' for key|Violation of (?:PRIMARY|UNIQUE) KEY constraint/i;
const OTHER =
  /violates (foreign key|not-null|check) constraint "?([\w.]+)"?|null value in column "([^"]+)"[^\n]*violates not-null constraint|ConstraintViolationException|DataIntegrityViolationException|SQLIntegrityConstraintViolationException/i;

/** The database refused a write: value too long, duplicate key, or another constraint. */
export class DatabaseConstraintRule implements IncidentRule {
  readonly family = 'database-constraint' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const tooLong = locate(context, TOO_LONG);
    const duplicate = tooLong ? null : locate(context, DUPLICATE);
    const found = tooLong ?? duplicate ?? locate(context, OTHER);
    if (!found) return null;
    // The engine's own message is generic; the constraint is in the stack trace, which is then the primary evidence.
    const persistence =
      /exception occurred in the persistence layer|ProcessEnginePersistenceException|ENGINE-0300[34]|ENGINE-03083/i.test(
        context.facts.message,
      );
    const engineTable =
      /ACT_(RU|HI|GE)_\w+/i.exec(`${context.facts.message}\n${context.facts.stackTrace ?? ''}`)?.[0] ?? null;
    const rootCause = tooLong
      ? `A value is longer than its column allows${tooLong.match[1] ? ` (varchar(${tooLong.match[1]}))` : ''}${engineTable ? ` in the engine table ${engineTable}` : ''}: ${context.flavour.label} keeps String variables in a 4000-character column, so long texts must be stored another way.`
      : duplicate
        ? `A row with the same unique key already exists (${duplicate.match[1] ?? 'unique constraint'}): the step ran before, or two steps insert the same business key.`
        : `The database rejected the write: ${found.match[0]}.`;
    return {
      family: this.family,
      confidence: persistence ? 0.9 : confidenceFor(found, 0.9),
      rootCause,
      fixSteps: compact([
        tooLong &&
          'Store long text as a JSON/Object variable, a file, or in your own table and keep only a reference in the process.',
        duplicate &&
          'Make the insert idempotent (upsert / check before insert) so a retried step does not collide with its own earlier write.',
        !tooLong && !duplicate && 'Provide the missing or inconsistent value the constraint requires.',
        'Deploy the fix, then retry the failed job or external task.',
      ]),
      snippet: tooLong
        ? {
            language: 'java',
            description:
              'Keep long text out of the 4000-character String column: store it as a JSON object variable (kept in a byte array).',
            code: 'execution.setVariable("documentText", Variables.objectValue(longText).serializationDataFormat(Variables.SerializationDataFormats.JSON).create());',
          }
        : duplicate
          ? {
              language: 'sql',
              description: 'An insert that a retry can repeat safely.',
              code: 'INSERT INTO orders (order_id, status) VALUES ($1, $2)\nON CONFLICT (order_id) DO NOTHING;',
            }
          : null,
      evidence: compact([
        evidenceOf(found, engineTable ? `Engine table ${engineTable}.` : null),
        activityEvidence(context, 'The activity whose transaction wrote the row.'),
      ]),
      remediation: remediation.retryAfterFix(
        'The same write fails again until the data or code changes: fix first, then set retries to 1.',
      ),
    };
  }
}
