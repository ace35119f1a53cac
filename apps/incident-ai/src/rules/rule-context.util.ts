import type { BpmnModel } from '../model/bpmn-model';
import { ENGINE_FLAVOURS, EngineFlavour, flavourNamedIn } from '../model/engine-flavour.util';
import type { IncidentFacts, RuleContext } from './rule';

/** What the rules read about one incident, as the loader (and the rule tests) build it. */
export function ruleContextOf(
  facts: IncidentFacts,
  model: BpmnModel | null,
  nodeFlavour: EngineFlavour | null = null,
): RuleContext {
  return {
    facts,
    model,
    element: model && facts.activityId ? model.element(facts.activityId) : null,
    flavour: ENGINE_FLAVOURS[flavourOf(facts, model, nodeFlavour)],
  };
}

/**
 * The engine's own words first (its package names in the message and stack
 * trace), then the model (only Operaton reads `operaton:` attributes), then what
 * the node showed before; Camunda 7 when nothing tells.
 */
function flavourOf(
  facts: IncidentFacts,
  model: BpmnModel | null,
  nodeFlavour: EngineFlavour | null,
): EngineFlavour {
  return (
    flavourNamedIn(facts.message, facts.stackTrace) ??
    (model?.extensionPrefix === 'operaton' ? 'operaton' : null) ??
    nodeFlavour ??
    'camunda'
  );
}
