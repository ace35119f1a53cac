import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';

const HTTP_AUTH =
  /(?:status(?:\s*code)?|HTTP(?:\/\d(?:\.\d)?)?|response code|statusCode|answered|returned)\s*[:=]?\s*(40[13])\b|\b(40[13])\b[\s:-]*(Unauthorized|Forbidden)|HttpClientErrorException(?:\$(Unauthorized|Forbidden))/i;
const WORDS =
  /\b(Unauthorized|Forbidden|invalid[_ ](?:token|grant|client)|token (?:has )?expired|expired token|Access is denied|Authentication failed|Bad credentials|Invalid credentials|PERMISSION_DENIED|AccessDeniedException)\b/i;
const CAMUNDA_AUTH = /AuthorizationException|does not have '?(\w+)'? permission/i;

/** Credentials are missing, wrong or expired, or the account lacks a permission. */
export class AuthFailureRule implements IncidentRule {
  readonly family = 'auth-failure' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, HTTP_AUTH, CAMUNDA_AUTH, WORDS);
    if (!found) return null;
    const text = found.match[0];
    const forbidden = /403|Forbidden|permission|Access(?:Denied| is denied)|AuthorizationException/i.test(
      text,
    );
    const expired = /expired/i.test(text);
    return {
      family: this.family,
      confidence: confidenceFor(found, 0.9),
      rootCause: forbidden
        ? 'The call was authenticated but not allowed (403 / missing permission): the technical user or client lacks a role or scope.'
        : `The call was rejected as unauthenticated (401): the credentials are missing, wrong${expired ? ' or, as here, expired' : ' or expired'}.`,
      fixSteps: [
        forbidden
          ? 'Grant the technical user/client the permission or scope the operation needs.'
          : 'Renew or correct the credentials (secret, token, API key) the engine or worker uses.',
        'Check that the secret is the one for this environment and that token refresh works for long-running workers.',
        'Then retry the failed job or external task; retrying before the fix fails the same way.',
      ],
      snippet: {
        language: 'text',
        description:
          'Check the credentials against the service before retrying (token from the same secret the worker uses).',
        code: 'curl -s -o /dev/null -w "%{http_code}\\n" -H "Authorization: Bearer $TOKEN" https://<service>/<endpoint>',
      },
      evidence: compact([
        evidenceOf(found),
        activityEvidence(context, 'The activity whose call was rejected.'),
      ]),
      remediation: remediation.retryAfterFix(
        'Fix the credentials or permission first, then set retries to 1.',
      ),
    };
  }
}
