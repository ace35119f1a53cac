import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';

const UNKNOWN_HOST =
  /UnknownHostException:?\s*([\w.-]+)?|getaddrinfo (ENOTFOUND|EAI_AGAIN)\s*([\w.-]+)?|ENOTFOUND\s*([\w.-]+)?|Name or service not known|nodename nor servname provided|Temporary failure in name resolution|No such host is known/i;

/** The configured host name does not resolve (typo, missing DNS entry, wrong environment). */
export class UnknownHostRule implements IncidentRule {
  readonly family = 'unknown-host' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, UNKNOWN_HOST);
    if (!found) return null;
    const host = found.match[1] ?? found.match[3] ?? found.match[4] ?? null;
    const temporary = /EAI_AGAIN|Temporary failure/i.test(found.match[0]);
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.92),
      rootCause: temporary
        ? `DNS could not resolve ${host ?? 'the downstream host'} at that moment (temporary resolver failure).`
        : `The host name ${host ?? 'of the downstream service'} does not resolve: it is misspelt, missing from DNS, or belongs to another environment.`,
      fixSteps: compact([
        `Resolve ${host ?? 'the host'} from the engine/worker host (nslookup/dig) to confirm.`,
        !temporary &&
          'Correct the URL in the connector input, the service configuration or the variable that carries it.',
        temporary &&
          'Check the DNS resolver of the engine/worker host; the call will succeed once resolution works.',
        `Then ${temporary ? 'raise the retries' : 'retry'} of the failed job or external task.`,
      ]),
      snippet: {
        language: 'text',
        description: 'Check the name from the host that runs the engine or the worker.',
        code: `nslookup ${host ?? '<host>'}\ncurl -sv https://${host ?? '<host>'}/ -o /dev/null`,
      },
      evidence: compact([
        evidenceOf(found, host ? `Host: ${host}` : null),
        activityEvidence(context, 'The activity that called the host.'),
      ]),
      remediation: temporary
        ? remediation.raiseRetries('A temporary DNS failure: set retries to 3 once resolution works.')
        : remediation.retryAfterFix('Correct the host name first; retrying before that fails the same way.'),
    };
  }
}
