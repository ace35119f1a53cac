import type { CamundaVariableType } from '@flowpilot/shared';
import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { NON_VARIABLE_NAMES } from './juel-names.util';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  locate,
  modelEvidence,
  remediation,
  sitesContaining,
} from '../rule-kit.util';

const COERCE = /Cannot coerce (?:'([^']*)'|from (?:class )?([\w.$]+)) to (?:class )?([\w.$]+)/;
const CAST = /ClassCastException:? (?:class )?([\w.$]+) cannot be cast to (?:class )?([\w.$]+)/;
const OTHER =
  /NumberFormatException: For input string: "([^"]*)"|Cannot convert value|Cannot convert '[^']*' to|is not compatible with|DateTimeParseException|Unparseable (?:date|number)|ENGINE-17004/;
const EXPRESSION = /expression: ([#$]\{[\s\S]*?\})\. Cause/;

const JAVA_TO_CAMUNDA: Record<string, CamundaVariableType> = {
  'java.lang.Long': 'Long',
  'java.lang.Integer': 'Integer',
  'java.lang.Short': 'Short',
  'java.lang.Double': 'Double',
  'java.lang.Float': 'Double',
  'java.math.BigDecimal': 'Double',
  'java.lang.Boolean': 'Boolean',
  'java.lang.String': 'String',
  'java.util.Date': 'Date',
};

/** A value has the wrong type for where it is used (a String compared as a number, a cast that cannot hold). */
export class TypeConversionRule implements IncidentRule {
  readonly family = 'type-conversion' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const coerce = locate(context, COERCE);
    const found = coerce ?? locate(context, CAST, OTHER);
    if (!found) return null;
    const [, value, fromClass, toClass] = coerce ? coerce.match : [];
    const cast = CAST.exec(found.line);
    const target = toClass ?? cast?.[2] ?? null;
    const expression = EXPRESSION.exec(context.facts.message)?.[1] ?? null;
    const site = expression ? (sitesContaining(context, expression)[0] ?? null) : null;
    const variable = expression ? comparedVariable(expression) : null;
    const type = target ? (JAVA_TO_CAMUNDA[target] ?? null) : null;
    const shown = value !== undefined ? `'${value}'` : (fromClass ?? cast?.[1] ?? 'a value');
    return {
      family: this.family,
      confidence: Math.min(0.96, confidenceFor(found, 0.9) + (site ? 0.04 : 0)),
      rootCause: `${expression ? `The expression ${expression}` : 'The code'} needs ${target ?? 'another type'} but got ${shown}${variable ? `: the variable '${variable}' holds a value of the wrong type` : ''}.`,
      fixSteps: compact([
        variable &&
          type &&
          `Store '${variable}' as ${type} (for this instance: set it again with type ${type}), then retry.`,
        'Fix the producer of the value (form field type, REST start call, worker output) so it sends the right type.',
        expression && 'Or convert explicitly in the expression where a string is expected to be numeric.',
      ]),
      snippet:
        variable && type
          ? {
              language: 'json',
              description: `Set '${variable}' with the type the expression needs (PUT /process-instance/{id}/variables/${variable}).`,
              code: JSON.stringify({ value: type === 'String' ? '' : 0, type }, null, 2),
            }
          : null,
      evidence: compact([
        evidenceOf(found, target ? `Expected ${target}.` : null),
        site && modelEvidence(site, 'The expression that needs the conversion.'),
        activityEvidence(context, 'The activity where the conversion failed.'),
      ]),
      remediation:
        variable && type
          ? remediation.setVariables(
              { [variable]: { value: null, type, valueRequired: true } },
              `Set '${variable}' again as ${type} with a valid value, then set retries to 1.`,
            )
          : remediation.retryAfterFix('Fix the type at its source, then set retries to 1.'),
    };
  }
}

/** The single variable an expression compares or computes with, when there is exactly one. */
function comparedVariable(expression: string): string | null {
  const body = expression.replace(/^[#$]\{|\}$/g, '').replace(/'[^']*'|"[^"]*"/g, '');
  const names = [
    ...new Set([...body.matchAll(/(?<![\w.$])([A-Za-z_$][\w$]*)(?![\w$]*\s*\()/g)].map((m) => m[1])),
  ].filter((n) => !NON_VARIABLE_NAMES.has(n) && n !== 'task'); // `task` is bound in task listeners
  return names.length === 1 ? names[0] : null;
}
