import { Inject, Injectable } from '@nestjs/common';
import type { RuleContext, RuleVerdict } from './rule';
import { RuleCatalogue } from './rule-catalogue';
import { activityEvidence, clip, compact, remediation } from './rule-kit.util';

/** Below this, a verdict is not worth reporting at all (the unknown verdict is better). */
const MIN_REPORTABLE = 0.2;

/**
 * Runs every family rule and keeps the most confident verdict; rules are
 * independent and cheap, so order does not matter and ties go to the first.
 */
@Injectable()
export class RuleEngine {
  constructor(@Inject(RuleCatalogue) private readonly catalogue: Pick<RuleCatalogue, 'rules'>) {}

  evaluate(context: RuleContext): RuleVerdict {
    let best: RuleVerdict | null = null;
    for (const rule of this.catalogue.rules) {
      const verdict = rule.evaluate(context);
      if (verdict && verdict.confidence >= MIN_REPORTABLE && (!best || verdict.confidence > best.confidence))
        best = verdict;
    }
    return best ?? unknownVerdict(context);
  }
}

function unknownVerdict(context: RuleContext): RuleVerdict {
  const message = context.facts.message;
  return {
    family: 'unknown',
    confidence: 0.1,
    rootCause:
      'No rule recognises this failure; the message and stack trace need a human (or the LLM) to interpret.',
    fixSteps: [
      'Read the full stack trace of the failed job or external task (Cockpit, or GET /job/{id}/stacktrace).',
      'Reproduce the failing step with the same variables in a test environment.',
      'Once the cause is fixed, retry the failed job or external task.',
    ],
    snippet: null,
    evidence: compact([
      message
        ? {
            source: 'message' as const,
            excerpt: clip(message),
            detail: 'Matched none of the known incident families.',
          }
        : null,
      activityEvidence(context, 'The activity whose execution failed.'),
    ]),
    remediation: remediation.none('The cause is unknown, so no action is safe to automate.'),
  };
}
