import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  extensionPrefix,
  locate,
  remediation,
} from '../rule-kit.util';

const LOCKING = /OptimisticLockingException|was updated by another transaction concurrently|ENGINE-03005/i;

/** Two transactions changed the same execution/variable at once; the engine rolled one back. */
export class OptimisticLockingRule implements IncidentRule {
  readonly family = 'optimistic-locking' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, LOCKING);
    if (!found) return null;
    const activityId = context.facts.activityId ?? 'joinGateway';
    const ns = extensionPrefix(context);
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.95),
      rootCause:
        'Two transactions updated the same process instance data at the same time (parallel branches, a message correlated during a job, or concurrent API calls); the engine rolled back the loser with an OptimisticLockingException.',
      fixSteps: [
        'Retry: the conflicting transaction has finished, so a new attempt normally succeeds.',
        `If it repeats, make the concurrent jobs exclusive (${ns}:exclusive="true", the default) and put asyncBefore on the joining gateway.`,
        'Avoid updating the same variable from parallel branches; write branch-local variables and merge after the join.',
      ],
      snippet: {
        language: 'bpmn-xml',
        description: `Serialise the joining step "${activityId}" in its own exclusive job.`,
        code: `<bpmn:parallelGateway id="${activityId}" ${ns}:asyncBefore="true" ${ns}:exclusive="true" />`,
      },
      evidence: compact([
        evidenceOf(found),
        activityEvidence(context, 'The activity whose transaction lost the race.'),
      ]),
      remediation: remediation.raiseRetries('The conflict is over: set retries to 3 and the job runs again.'),
    };
  }
}
