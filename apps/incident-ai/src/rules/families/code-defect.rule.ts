import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';
import { firstApplicationFrame } from '../stack-frame.util';

const DEFECT =
  /\b(IllegalArgumentException|IllegalStateException|ArithmeticException|(?:Array)?IndexOutOfBoundsException|StringIndexOutOfBoundsException|UnsupportedOperationException|StackOverflowError|OutOfMemoryError|NoSuchMethodError|AbstractMethodError|ConcurrentModificationException|NoSuchElementException|AssertionError|ReferenceError|RangeError|SyntaxError|KeyError|ZeroDivisionError|AttributeError)\b(?::\s*([^\n]*))?/;
const UNCAUGHT_BPMN_ERROR =
  /throws an error event with errorCode '([^']+)', but no error handler was defined|no catching boundary event was defined/i;

/** A programming error in a delegate, listener or worker (other than null, scripts and conversions). */
export class CodeDefectRule implements IncidentRule {
  readonly family = 'code-defect' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const uncaught = locate(context, UNCAUGHT_BPMN_ERROR);
    if (uncaught) {
      const code = uncaught.match[1] ?? 'the error code';
      return this.verdict(
        context,
        uncaught,
        0.88,
        `The code threw BPMN error '${code}', but the model has no boundary or event-subprocess error event that catches it.`,
        [
          `Add an error boundary event for '${code}' on the activity (or an error event subprocess), or stop throwing it.`,
          'Deploy the fixed model and migrate the running instance, then retry.',
        ],
      );
    }
    const found = locate(context, DEFECT);
    if (!found) return null;
    const frame = firstApplicationFrame(context.facts.stackTrace);
    const resource = /OutOfMemoryError|StackOverflowError/.test(found.match[1]);
    return this.verdict(
      context,
      found,
      resource ? 0.75 : 0.72,
      `${found.match[1]} in ${frame ?? 'the code behind the activity'}${found.match[2] ? `: ${found.match[2].slice(0, 200)}` : ''} — a defect in the implementation, not in the process data or infrastructure.`,
      compact([
        frame && `Start at ${frame}.`,
        resource
          ? 'Look for unbounded recursion or data sets loaded into memory at once; raise memory only after that.'
          : "Reproduce with the instance's variables in a unit test and fix the code.",
        'Deploy the fix, then retry the failed job or external task.',
      ]),
    );
  }

  private verdict(
    context: RuleContext,
    found: NonNullable<ReturnType<typeof locate>>,
    confidence: number,
    rootCause: string,
    fixSteps: string[],
  ): RuleVerdict {
    return {
      family: this.family,
      confidence: confidenceFor(found, confidence, 0.2),
      rootCause,
      fixSteps,
      snippet: {
        language: 'java',
        description:
          'A delegate that turns a business failure into a BPMN error the model can catch, and lets defects surface as incidents.',
        code: [
          'public void execute(DelegateExecution execution) {',
          '  try {',
          '    service.process(execution.getVariables());',
          '  } catch (BusinessRuleViolation e) {',
          '    throw new BpmnError("BUSINESS_RULE_VIOLATION", e.getMessage());',
          '  }',
          '}',
        ].join('\n'),
      },
      evidence: compact([
        evidenceOf(found),
        activityEvidence(context, 'The activity whose implementation failed.'),
      ]),
      remediation: remediation.retryAfterFix(
        'A defect: fix and deploy the code (or model), then set retries to 1.',
      ),
    };
  }
}
