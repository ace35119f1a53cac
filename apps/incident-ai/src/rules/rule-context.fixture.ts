import { BpmnModel } from '../model/bpmn-model';
import type { EngineFlavour } from '../model/engine-flavour.util';
import type { IncidentFacts, RuleContext } from './rule';
import { ruleContextOf } from './rule-context.util';

/** A rule context as the loader builds it, for rule tests. */
export function contextOf(
  facts: Partial<IncidentFacts> & { message: string },
  modelXml: string | null = null,
  nodeFlavour: EngineFlavour | null = null,
): RuleContext {
  const model = modelXml ? BpmnModel.parse(modelXml) : null;
  const full: IncidentFacts = {
    incidentType: 'failedJob',
    stackTrace: null,
    activityId: null,
    processDefinitionId: 'proc:1:abc',
    processDefinitionKey: 'proc',
    ...facts,
  };
  return ruleContextOf(full, model, nodeFlavour);
}

/** A minimal executable process around one flow-element fragment (plus extra fragments). */
export function processXml(...fragments: string[]): string {
  return definitions('xmlns:camunda="http://camunda.org/schema/1.0/bpmn"', fragments);
}

/** The same, as Operaton's modeler writes it: extensions in `operaton:`. */
export function operatonProcessXml(...fragments: string[]): string {
  return definitions('xmlns:operaton="http://operaton.org/schema/1.0/bpmn"', fragments);
}

function definitions(extensionNamespace: string, fragments: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ${extensionNamespace}
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://flowpilot.dev/test">
  <bpmn:process id="proc" isExecutable="true">
    ${fragments.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}
