import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';
import { retryWithBackoffSnippet } from '../retry-snippet.util';

const STATUS =
  /(?:status(?:\s*code)?|HTTP(?:\/\d(?:\.\d)?)?|response code|statusCode|answered|returned)\s*[:=]?\s*(5(?:0[0-35-9]|[1-9]\d))\b/i;
const PHRASE =
  /\b(5\d\d)\b[\s:-]*(Internal Server Error|Bad Gateway|Service Unavailable|Server Error|Not Implemented|Insufficient Storage)|HttpServerErrorException(?:\$\w+)?:?\s*(5\d\d)?|\b(Internal Server Error|Bad Gateway|Service Unavailable)\b/i;

/** The downstream service answered with a server error. */
export class Http5xxRule implements IncidentRule {
  readonly family = 'http-5xx' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, STATUS, PHRASE);
    if (!found) return null;
    const status = found.match.slice(1).find((g) => g && /^5\d\d$/.test(g)) ?? statusOfPhrase(found.match[0]);
    const permanent = status === '501' || status === '505';
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.86),
      rootCause: `The downstream service answered HTTP ${status ?? '5xx'}: it failed while handling the request${permanent ? ' (the operation is not supported, which retrying will not change)' : ', which is usually temporary (deployment, overload, a failing dependency of its own)'}.`,
      fixSteps: compact([
        `Look up the request in the downstream service's logs around the incident time (HTTP ${status ?? '5xx'}).`,
        permanent
          ? 'Call an operation the service supports, or upgrade the service.'
          : 'If the service has recovered, raise the retries of the failed job or external task.',
        'Give the activity retries with backoff, and make the call idempotent so a retry cannot duplicate work.',
      ]),
      snippet: retryWithBackoffSnippet(
        context,
        'R5/PT5M',
        'so a brief server-side failure does not raise an incident',
      ),
      evidence: compact([
        evidenceOf(found, status ? `HTTP ${status}` : null),
        activityEvidence(context, 'The activity that called the service.'),
      ]),
      remediation: permanent
        ? remediation.retryAfterFix(
            'The service does not support the call: fix the request, then retry once.',
          )
        : remediation.raiseRetries(
            'A server-side error is usually transient: set retries to 3 once the service is healthy.',
          ),
    };
  }
}

function statusOfPhrase(text: string): string | null {
  if (/Bad Gateway/i.test(text)) return '502';
  if (/Service Unavailable/i.test(text)) return '503';
  if (/Internal Server Error/i.test(text)) return '500';
  return null;
}
