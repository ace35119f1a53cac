import type { RemediationVariable } from '@flowpilot/shared';
import type { SequenceFlow } from '../../model/bpmn-model';
import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import { activityEvidence, compact, confidenceFor, evidenceOf, locate, remediation } from '../rule-kit.util';
import { NON_VARIABLE_NAMES } from './juel-names.util';
import { inferVariableType } from './unresolved-identifier.util';

const NO_FLOW =
  /ENGINE-02004 No outgoing sequence flow for the element with id '([^']+)'|No outgoing sequence flow for the element with id '([^']+)'|No conditional sequence flow leaving the Flow Node '([^']+)' could be selected/;

/** No condition of an exclusive/inclusive gateway held, and the gateway has no default flow. */
export class NoOutgoingFlowRule implements IncidentRule {
  readonly family = 'no-outgoing-flow' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const found = locate(context, NO_FLOW);
    if (!found) return null;
    const gatewayId = found.match[1] ?? found.match[2] ?? found.match[3];
    const flows = context.model?.outgoingFlows(gatewayId) ?? [];
    const hasDefault = Boolean(context.model?.defaultFlow(gatewayId));
    const variables = conditionVariables(flows);
    return {
      family: this.family,
      confidence: Math.min(0.99, confidenceFor(found, 0.95) + (flows.length > 0 ? 0.03 : 0)),
      rootCause:
        `None of the conditions on the ${flows.length || ''} outgoing flows of gateway '${gatewayId}' was true for this instance${hasDefault ? '' : ', and the gateway has no default flow'}${variables.length ? ` (they read ${variables.map((v) => `'${v}'`).join(', ')})` : ''}.`.replace(
          '  ',
          ' ',
        ),
      fixSteps: compact([
        variables.length > 0 &&
          `Check the values of ${variables.join(', ')} on this instance against the conditions below.`,
        !hasDefault &&
          `Give '${gatewayId}' a default flow (to a fallback path or a user task for manual handling), so unexpected values do not stop the process.`,
        'For this instance: set the variables so that exactly one condition holds, then retry.',
      ]),
      snippet: {
        language: 'bpmn-xml',
        description: `A default flow for '${gatewayId}' that catches every value the conditions do not.`,
        code: [
          `<bpmn:exclusiveGateway id="${gatewayId}" default="${gatewayId}_otherwise" />`,
          `<bpmn:sequenceFlow id="${gatewayId}_otherwise" name="otherwise" sourceRef="${gatewayId}" targetRef="handleUnexpectedValue" />`,
          '<bpmn:userTask id="handleUnexpectedValue" name="Decide manually" />',
        ].join('\n'),
      },
      evidence: compact([
        evidenceOf(found),
        ...flows.map((f) => ({
          source: 'model' as const,
          excerpt: `sequenceFlow "${f.id}"${f.name ? ` (${f.name})` : ''} → ${f.targetRef}: ${f.condition ?? '(no condition)'}`,
          detail: 'Outgoing flow of the gateway; its condition was false.',
        })),
        activityEvidence(context, hasDefault ? 'The gateway.' : 'The gateway has no default flow.'),
      ]).slice(0, 12),
      remediation:
        variables.length > 0
          ? remediation.setVariables(
              variableSpecs(variables, flows),
              `Set ${variables.join(', ')} so that one condition holds (the operator supplies the values), then set retries to 1.`,
            )
          : remediation.retryAfterFix(
              'Deploy a model with a default flow and migrate the instance, then set retries to 1.',
            ),
    };
  }
}

function conditionVariables(flows: SequenceFlow[]): string[] {
  const names = new Set<string>();
  for (const flow of flows) {
    const body = (flow.condition ?? '').replace(/[#$]\{|\}|'[^']*'|"[^"]*"/g, ' ');
    for (const m of body.matchAll(/(?<![\w.$])([A-Za-z_$][\w$]*)(?![\w$]*\s*\()/g))
      if (!NON_VARIABLE_NAMES.has(m[1])) names.add(m[1]);
  }
  return [...names].slice(0, 10);
}

function variableSpecs(variables: string[], flows: SequenceFlow[]): Record<string, RemediationVariable> {
  const conditions = flows.map((f) => f.condition ?? '').join(' ');
  return Object.fromEntries(
    variables.map((v) => [
      v,
      { value: null, type: inferVariableType(v, conditions, null), valueRequired: true },
    ]),
  );
}
