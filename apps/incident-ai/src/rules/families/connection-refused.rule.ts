import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';
import { retryWithBackoffSnippet } from '../retry-snippet.util';

const REFUSED =
  /Connection refused|ECONNREFUSED|java\.net\.ConnectException|Connection reset(?: by peer)?|ECONNRESET|No route to host|EHOSTUNREACH|connect\(\) failed/i;
const TARGET = /(?:connect(?:ion)? to|ECONNREFUSED|refused:?|for)\s+\[?"?((?:https?:\/\/)?[\w.-]+(?::\d+)?)/i;

/** The downstream service (HTTP API, database, broker) is not listening or reset the connection. */
export class ConnectionRefusedRule implements IncidentRule {
  readonly family = 'connection-refused' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, REFUSED);
    if (!found) return null;
    const target = TARGET.exec(found.line)?.[1] ?? null;
    const reset = /reset/i.test(found.match[0]);
    return {
      family: this.family,
      confidence: confidenceFor(found, reset ? 0.82 : 0.9),
      rootCause: `${context.facts.activityId ? `'${context.facts.activityId}'` : 'The activity'} could not talk to ${target ? `${target}` : 'its downstream service'}: the connection was ${reset ? 'reset' : 'refused'}, so the service was down, restarting, or not listening at that address.`,
      fixSteps: [
        `Check that the service${target ? ` at ${target}` : ''} is running and reachable from the engine or worker host (firewall, port, Kubernetes service).`,
        'Check the configured URL/port for this environment (a wrong port also shows as connection refused).',
        'Once it is up again, raise the retries of the failed job/external task so it runs again.',
        'Give the activity a retry cycle with backoff so short outages do not become incidents.',
      ],
      snippet: retryWithBackoffSnippet(
        context,
        'R5/PT1M',
        'so a restarting service does not raise an incident',
      ),
      evidence: compact([
        evidenceOf(found, target ? `Target: ${target}` : null),
        activityEvidence(context, 'The activity that called the service.'),
      ]),
      remediation: remediation.raiseRetries(
        'The failure is transient once the service is reachable again: set retries to 3 after checking it is up.',
      ),
    };
  }
}
