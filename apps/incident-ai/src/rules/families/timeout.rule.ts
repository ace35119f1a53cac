import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  isExternalTask,
  locate,
  remediation,
} from '../rule-kit.util';
import { retryWithBackoffSnippet } from '../retry-snippet.util';

const TIMEOUT =
  /SocketTimeoutException|Read timed out|timeout of \d+ ?ms exceeded|ECONNABORTED|connect timed out|ETIMEDOUT|ESOCKETTIMEDOUT|TimeoutException|timed out after|\b504\b|Gateway Time-?out|Request timeout|deadline exceeded|canceling statement due to statement timeout|Transaction timed out|lock (?:has )?expired/i;

/** The downstream call (or the worker's lock) took longer than allowed. */
export class TimeoutRule implements IncidentRule {
  readonly family = 'timeout' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, TIMEOUT);
    if (!found) return null;
    const lockExpired = /lock (?:has )?expired/i.test(found.match[0]);
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.88),
      rootCause: lockExpired
        ? 'The external task worker held the task longer than its lock duration; the lock expired before it completed.'
        : `${context.facts.activityId ? `'${context.facts.activityId}'` : 'The activity'} waited longer than its timeout for a downstream answer (${found.match[0]}): the service was slow or overloaded.`,
      fixSteps: compact([
        'Check the latency and load of the downstream service at the time of the incident.',
        lockExpired || isExternalTask(context)
          ? 'Raise the worker lock duration or extend the lock (extendLock) while long work runs.'
          : 'Raise the client timeout only if the service is known to answer slowly; otherwise fix the slowness.',
        'Make the call idempotent, then let the engine retry with backoff.',
        'Raise the retries of the failed job or external task once the service answers normally.',
      ]),
      snippet: retryWithBackoffSnippet(context, 'R3/PT2M', 'so a slow period does not raise an incident'),
      evidence: compact([evidenceOf(found), activityEvidence(context, 'The activity that waited.')]),
      remediation: remediation.raiseRetries(
        'Timeouts are usually transient: set retries to 3 once the service answers normally.',
      ),
    };
  }
}
