import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';
import { retryWithBackoffSnippet } from '../retry-snippet.util';

const LIMITED =
  /(?:status(?:\s*code)?|HTTP(?:\/\d(?:\.\d)?)?|response code|statusCode|answered|returned)\s*[:=]?\s*429\b|\b429\b[\s:-]*Too Many Requests|Too Many Requests|rate[- ]limit(?:ed| exceeded| reached)?|quota exceeded|throttl(?:ed|ing)|RESOURCE_EXHAUSTED|TooManyRequests/i;

/** The downstream service refused the call because its rate limit or quota was reached. */
export class RateLimitedRule implements IncidentRule {
  readonly family = 'rate-limited' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, LIMITED);
    if (!found) return null;
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.92),
      rootCause:
        'The downstream service rejected the call because the caller exceeded its rate limit or quota (429); the call itself is fine.',
      fixSteps: [
        'Wait for the limit window to pass (respect Retry-After), then raise the retries of the failed job or external task.',
        'Spread the load: a retry cycle with growing delays, fewer parallel workers (maxTasks), or a job priority for bursts.',
        'If the quota is too small for the normal load, raise it with the provider.',
      ],
      snippet: retryWithBackoffSnippet(context, 'R5/PT10M', 'so calls wait out the rate-limit window'),
      evidence: compact([evidenceOf(found), activityEvidence(context, 'The activity that was throttled.')]),
      remediation: remediation.raiseRetries(
        'Throttling passes with time: set retries to 3 after the limit window.',
      ),
    };
  }
}
