import { TemplateConfig, TemplateDescription, TemplateKind } from '@flowpilot/shared';
import { ParsedDescription } from '../parser/step-ast';
import { approvalChainTemplate } from './approval-chain.template';
import { batchTemplate } from './batch.template';
import { dataSyncTemplate } from './data-sync.template';
import { eventDrivenTemplate } from './event-driven.template';
import { retryCircuitBreakerTemplate } from './retry-circuit-breaker.template';
import { sagaTemplate } from './saga.template';
import { ResolvedParameters, Template } from './template';

/** Every template by kind, in the order the gateway lists them; each lives in `<kind>.template.ts`. */
const TEMPLATES: Record<TemplateKind, Template> = {
  'data-sync': dataSyncTemplate,
  'approval-chain': approvalChainTemplate,
  saga: sagaTemplate,
  'event-driven': eventDrivenTemplate,
  batch: batchTemplate,
  'retry-circuit-breaker': retryCircuitBreakerTemplate,
};

export class UnknownTemplateSettingError extends Error {}

/** The catalogue the gateway lists. */
export function describeTemplates(): TemplateDescription[] {
  return (Object.entries(TEMPLATES) as [TemplateKind, Template][]).map(([kind, t]) => ({
    kind,
    title: t.title,
    description: t.description,
    parameters: Object.entries(t.parameters).map(([name, p]) => ({
      name,
      description: p.description,
      default: p.default,
    })),
  }));
}

/** The template's steps for a configuration; settings the template does not know are refused by name. */
export function templateSteps(kind: TemplateKind, config: TemplateConfig = {}): ParsedDescription {
  const template = TEMPLATES[kind];
  const unknown = Object.keys(config).filter((k) => !(k in template.parameters));
  if (unknown.length > 0)
    throw new UnknownTemplateSettingError(
      `template ${kind} has no setting ${unknown.join(', ')}; known: ${Object.keys(template.parameters).join(', ')}`,
    );
  const values = Object.fromEntries(
    Object.entries(template.parameters).map(([name, p]) => [name, config[name] ?? p.default]),
  );
  return template.steps(new ResolvedParameters(values));
}

/** The defaults merged with the caller's values, as stored with the model. */
export function resolvedConfig(kind: TemplateKind, config: TemplateConfig = {}): TemplateConfig {
  return Object.fromEntries(
    Object.entries(TEMPLATES[kind].parameters).map(([name, p]) => [name, config[name] ?? p.default]),
  );
}
