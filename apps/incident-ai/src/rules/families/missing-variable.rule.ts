import type { Snippet } from '@flowpilot/shared';
import type { BpmnSite } from '../../model/bpmn-model';
import type { IncidentRule, RuleContext, RuleVerdict } from '../rule';
import {
  activityEvidence,
  compact,
  confidenceFor,
  evidenceOf,
  modelEvidence,
  remediation,
} from '../rule-kit.util';
import { escape, inferVariableType, isBean, readUnresolvedIdentifier } from './unresolved-identifier.util';

/** An expression (condition, service task expression, mapping) reads a variable the instance does not have. */
export class MissingVariableRule implements IncidentRule {
  readonly family = 'missing-variable' as const;

  evaluate(context: RuleContext): RuleVerdict | null {
    const unresolved = readUnresolvedIdentifier(context);
    if (!unresolved || isBean(unresolved)) return null;
    const { identifier, expression, sites, found } = unresolved;
    const site = sites[0] ?? null;
    const type = inferVariableType(identifier, expression, site);
    const where = site ? ` in ${site.location} of ${site.ownerType} "${site.ownerId}"` : '';
    // A method call on an unknown identifier could also be a missing bean: say so, and be a little less sure.
    const ambiguous = unresolved.usedAsBean;
    const confidence = Math.min(0.97, confidenceFor(found, ambiguous ? 0.8 : 0.92) + (site ? 0.05 : 0));
    return {
      family: this.family,
      confidence,
      rootCause: `The expression ${expression ?? `using '${identifier}'`}${where} reads the process variable '${identifier}', but the process instance has no variable of that name when the engine evaluates it.`,
      fixSteps: compact([
        `Set '${identifier}' (type ${type}) on the process instance, then retry the failed ${context.facts.incidentType === 'failedExternalTask' ? 'external task' : 'job'}.`,
        `Make every path that reaches ${context.facts.activityId ? `'${context.facts.activityId}'` : 'this activity'} set '${identifier}' (start variables, a form field, an output mapping of an earlier task).`,
        site?.location === 'conditionExpression' &&
          `Guard the condition so an absent variable routes predictably: ${guardedCondition(site.value, identifier)}.`,
        ambiguous &&
          `If '${identifier}' is meant to be a Spring/CDI bean rather than a variable, register a bean with that name instead.`,
      ]),
      snippet: snippetFor(identifier, type, expression, site, context),
      evidence: compact([
        evidenceOf(found, `${context.flavour.label} could not resolve the identifier '${identifier}'.`),
        site && modelEvidence(site, `The deployed model evaluates '${identifier}' here.`),
        activityEvidence(context, 'The activity whose execution failed.'),
      ]),
      remediation: remediation.setVariables(
        { [identifier]: { value: null, type, valueRequired: true } },
        type === 'Json'
          ? `Set '${identifier}' on the process instance (the operator supplies the value; the expression uses it as an object, so JSON works only for Spin accessors — otherwise set it from the code that owns the object), then set retries to 1.`
          : `Set '${identifier}' as a ${type} variable on the process instance (the operator supplies the value), then set retries to 1 so the engine evaluates the expression again.`,
      ),
    };
  }
}

function guardedCondition(condition: string, identifier: string): string {
  const body = condition.replace(/^[#$]\{\s*|\s*\}$/g, '');
  return `\${execution.hasVariable('${identifier}') && (${body})}`;
}

function snippetFor(
  identifier: string,
  type: string,
  expression: string | null,
  site: BpmnSite | null,
  context: RuleContext,
): Snippet {
  if (site?.location === 'conditionExpression') {
    return {
      language: 'bpmn-xml',
      description: `Condition of sequence flow "${site.ownerId}" that tolerates a missing '${identifier}' (the flow is simply not taken).`,
      code: `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(guardedCondition(site.value, identifier))}</bpmn:conditionExpression>`,
    };
  }
  const target = expression ?? site?.value;
  if (
    target &&
    type !== 'Json' &&
    new RegExp(`^[#$]\\{\\s*${escape(identifier)}\\s*\\}$`).test(target.trim())
  ) {
    return {
      language: 'expression',
      description: `Reads '${identifier}' as null instead of failing when it is absent.`,
      code: `\${execution.getVariable('${identifier}')}`,
    };
  }
  const key = context.facts.processDefinitionKey ?? '{key}';
  return {
    language: 'json',
    description: `Pass '${identifier}' when the instance starts (POST /process-definition/key/${key}/start), so ${context.facts.activityId ?? 'the activity'} can evaluate ${target ?? 'its expression'}.`,
    code: JSON.stringify({ variables: { [identifier]: { value: exampleValue(type), type } } }, null, 2),
  };
}

function exampleValue(type: string): unknown {
  switch (type) {
    case 'Boolean':
      return true;
    case 'Long':
    case 'Integer':
    case 'Double':
      return 0;
    case 'Json':
      return '{}';
    default:
      return '';
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
