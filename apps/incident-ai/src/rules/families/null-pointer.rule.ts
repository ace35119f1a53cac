import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  Located,
  locate,
  modelEvidence,
  remediation,
  sitesContaining,
} from '../rule-kit.util';
import { firstApplicationFrame } from '../stack-frame.util';

const EXPRESSION = /expression: ([#$]\{[\s\S]*?\})\. Cause/;
const GET_VARIABLE = /getVariable\(\s*['"]([\w$]+)['"]\s*\)/;

const NULL =
  /Target unreachable, (?:base expression|identifier) '([^']+)' resolved to null|NullPointerException|Cannot invoke "([^"]+)" because "?([^"\n]+?)"? is null|Cannot (?:read|load from|store to) [\w ]+ because "?([^"\n]+?)"? is null|TypeError: Cannot read propert(?:y|ies) of (?:undefined|null)(?: \(reading '([\w$]+)'\))?|'NoneType' object has no attribute|NullReferenceException|NullValueException/;

/** Code dereferenced something that was null or undefined. */
export class NullPointerRule implements IncidentRule {
  readonly family = 'null-pointer' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, NULL);
    if (!found) return null;
    if (found.match[1] !== undefined) return this.nullInExpression(context, found);
    const what = found.match[3] ?? found.match[4] ?? found.match[5] ?? null;
    const frame = firstApplicationFrame(context.facts.stackTrace);
    return {
      family: this.family,
      confidence: Math.min(0.92, confidenceFor(found, 0.84, 0.2) + (frame ? 0.04 : 0)),
      rootCause: `Code ${frame ? `in ${frame}` : 'behind the activity'} used a value that was null${what ? ` (${what})` : ''}: usually a process variable or a field of a response that was not set.`,
      fixSteps: compact([
        frame && `Open ${frame} and find what is null there${what ? ` (${what})` : ''}.`,
        'Check which input (process variable, response field) the code assumes is present, and whether this instance has it.',
        'Validate inputs at the start of the delegate/worker and raise a BPMN error with a clear message instead of a NullPointerException.',
        'Deploy the fix, then retry the failed job or external task.',
      ]),
      snippet: {
        language: 'java',
        description:
          'Fail with a clear BPMN error when a required input is missing, instead of a NullPointerException deep in the code.',
        code: [
          'Object value = execution.getVariable("requiredInput");',
          'if (value == null) {',
          '  throw new BpmnError("MISSING_INPUT", "requiredInput is not set on " + execution.getProcessInstanceId());',
          '}',
        ].join('\n'),
      },
      evidence: compact([
        evidenceOf(found),
        frame && { source: 'stackTrace' as const, excerpt: frame, detail: 'First application frame.' },
        activityEvidence(context, 'The activity whose code failed.'),
      ]),
      remediation: remediation.retryAfterFix('A code defect: fix and deploy it, then set retries to 1.'),
    };
  }

  /** JUEL: `${execution.getVariable('x').foo()}` with x absent — a null in the expression, usually a missing variable. */
  private nullInExpression(context: RuleContext, found: Located): RuleVerdict {
    const expression = EXPRESSION.exec(context.facts.message)?.[1] ?? null;
    const site = expression ? (sitesContaining(context, expression)[0] ?? null) : null;
    const variable = expression ? (GET_VARIABLE.exec(expression)?.[1] ?? null) : null;
    return {
      family: this.family,
      confidence: Math.min(0.95, confidenceFor(found, 0.88) + (site ? 0.04 : 0)),
      rootCause:
        `The expression ${expression ?? ''} calls a method or reads a property on '${found.match[1]}', which evaluated to null${variable ? `: the variable '${variable}' is not set on this instance` : ''}.`.replace(
          '  ',
          ' ',
        ),
      fixSteps: compact([
        variable && `Set '${variable}' on the process instance, then retry.`,
        'Make the expression null-safe, or make sure every path sets the value before this activity.',
      ]),
      snippet: variable
        ? {
            language: 'expression',
            description: 'Null-safe form of the expression.',
            code: `\${execution.getVariable('${variable}') == null ? null : ${(expression ?? '').replace(/^[#$]\{|\}$/g, '')}}`,
          }
        : null,
      evidence: compact([
        evidenceOf(found),
        site && modelEvidence(site, 'The expression that dereferenced null.'),
        activityEvidence(context, 'The activity that evaluated it.'),
      ]),
      remediation: variable
        ? remediation.setVariables(
            { [variable]: { value: null, type: 'String', valueRequired: true } },
            `Set '${variable}' (the operator supplies value and type), then set retries to 1.`,
          )
        : remediation.retryAfterFix(
            'Make the expression null-safe (or set what it reads), then set retries to 1.',
          ),
    };
  }
}
