import { ModdleElement } from '../builder/bpmn-moddle.adapter';
import { topicFor } from '../parser/task-naming.util';
import { Boundary, FormField, GraphNode, ProcessGraph, Timer } from './process-graph';

type El = ModdleElement & {
  name?: string;
  flowElements?: El[];
  eventDefinitions?: El[];
  messageRef?: El;
  errorRef?: El;
  escalationRef?: El;
  timeDuration?: { body?: string };
  timeCycle?: { body?: string };
  timeDate?: { body?: string };
  attachedToRef?: El;
  cancelActivity?: boolean;
  sourceRef?: El;
  targetRef?: El;
  conditionExpression?: { body?: string };
  default?: El;
  extensionElements?: { values?: El[] };
  fields?: El[];
  loopCharacteristics?: El;
  isForCompensation?: boolean;
  isSequential?: boolean;
  artifacts?: El[];
};

/** The model uses BPMN the generator cannot rebuild faithfully; enhancing it would lose behaviour. */
export class UnsupportedModelError extends Error {
  constructor(readonly unsupported: string[]) {
    super(
      `The model uses elements the enhancer cannot rebuild without changing them: ${unsupported.join('; ')}`,
    );
    this.name = 'UnsupportedModelError';
  }
}

/** Reads an executable process from parsed BPMN back into a graph, so imported models can be enhanced. */
export function graphFromDefinitions(definitions: ModdleElement): ProcessGraph {
  const processes = ((definitions.rootElements as El[] | undefined) ?? []).filter(
    (r) => r.$type === 'bpmn:Process',
  );
  const process = processes.find((p) => p.get('isExecutable')) ?? processes[0];
  if (!process) throw new UnsupportedModelError(['no process in the definitions']);
  const unsupported: string[] = [];
  const nodes: GraphNode[] = [];
  const boundaries: Boundary[] = [];
  const flows: ProcessGraph['flows'] = [];
  const handlers = new Map<string, string>();
  for (const a of process.artifacts ?? []) {
    if (a.$type === 'bpmn:Association' && a.sourceRef && a.targetRef)
      handlers.set(String(a.sourceRef.id), String(a.targetRef.id));
  }
  const defaults = new Set<string>();
  for (const e of process.flowElements ?? []) if (e.default) defaults.add(String(e.default.id));

  for (const e of process.flowElements ?? []) {
    const id = String(e.id);
    const name = (e.name ?? '').trim() || id;
    const definition = e.eventDefinitions?.[0];
    if ((e.eventDefinitions?.length ?? 0) > 1) unsupported.push(`${id}: several event definitions`);
    switch (e.$type) {
      case 'bpmn:SequenceFlow': {
        const condition = e.conditionExpression?.body?.trim();
        flows.push({
          id,
          source: String(e.sourceRef?.id),
          target: String(e.targetRef?.id),
          ...(e.name ? { name: e.name.slice(0, 200) } : {}),
          ...(condition ? { condition } : {}),
          ...(defaults.has(id) ? { isDefault: true } : {}),
        });
        break;
      }
      case 'bpmn:StartEvent':
        if (!definition) nodes.push({ id, kind: 'start', name, trigger: { type: 'none' } });
        else if (definition.$type === 'bpmn:TimerEventDefinition')
          nodes.push({
            id,
            kind: 'start',
            name,
            trigger: { type: 'timer', timer: timerOf(definition, id, unsupported) },
          });
        else if (definition.$type === 'bpmn:MessageEventDefinition')
          nodes.push({
            id,
            kind: 'start',
            name,
            trigger: { type: 'message', message: messageOf(definition, name) },
          });
        else unsupported.push(`${id}: ${definition.$type} start event`);
        break;
      case 'bpmn:EndEvent':
        if (!definition) nodes.push({ id, kind: 'end', name, result: { type: 'none' } });
        else if (definition.$type === 'bpmn:ErrorEventDefinition')
          nodes.push({
            id,
            kind: 'end',
            name,
            result: { type: 'error', code: codeOf(definition.errorRef, 'errorCode') },
          });
        else if (definition.$type === 'bpmn:EscalationEventDefinition')
          nodes.push({
            id,
            kind: 'end',
            name,
            result: { type: 'escalation', code: codeOf(definition.escalationRef, 'escalationCode') },
          });
        else if (definition.$type === 'bpmn:TerminateEventDefinition')
          nodes.push({ id, kind: 'end', name, result: { type: 'terminate' } });
        else unsupported.push(`${id}: ${definition.$type} end event`);
        break;
      case 'bpmn:ServiceTask':
      case 'bpmn:Task': {
        const external = e.get('camunda:type') === 'external';
        const implemented = ['camunda:class', 'camunda:expression', 'camunda:delegateExpression'].some((p) =>
          e.get(p),
        );
        if (implemented || (e.$type === 'bpmn:ServiceTask' && !external && e.get('camunda:type'))) {
          unsupported.push(`${id}: service task with a Java or expression implementation`);
          break;
        }
        const cycle = extension(e, 'camunda:FailedJobRetryTimeCycle')?.get('body');
        const retry = typeof cycle === 'string' ? /^R(\d+)\/(P.+)$/.exec(cycle.trim()) : null;
        const loop = e.loopCharacteristics;
        nodes.push({
          id,
          kind: 'serviceTask',
          name,
          topic: String(e.get('camunda:topic') ?? '') || topicFor(name),
          ...(retry ? { retry: { times: Math.min(20, Number(retry[1])), interval: retry[2] } } : {}),
          ...(e.isForCompensation ? { forCompensation: true } : {}),
          ...(loop
            ? {
                multiInstance: {
                  collection: String(loop.get('camunda:collection') ?? 'items').replace(/^\$\{|\}$/g, ''),
                  elementVariable: String(loop.get('camunda:elementVariable') ?? 'item'),
                  sequential: Boolean(loop.isSequential),
                },
              }
            : {}),
        });
        break;
      }
      case 'bpmn:UserTask': {
        const groups = String(e.get('camunda:candidateGroups') ?? '')
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean);
        const fields: FormField[] = (extension(e, 'camunda:FormData')?.fields ?? []).map((f) => ({
          id: String(f.id),
          label: String(f.get('label') ?? f.id),
          type: (['string', 'long', 'boolean', 'date'].includes(String(f.get('type')))
            ? f.get('type')
            : 'string') as FormField['type'],
        }));
        nodes.push({
          id,
          kind: 'userTask',
          name,
          candidateGroups: groups.length > 0 ? groups : ['operators'],
          formFields: fields,
        });
        break;
      }
      case 'bpmn:ExclusiveGateway':
        nodes.push({ id, kind: 'exclusiveGateway', name });
        break;
      case 'bpmn:ParallelGateway':
        nodes.push({ id, kind: 'parallelGateway', name });
        break;
      case 'bpmn:EventBasedGateway':
        nodes.push({ id, kind: 'eventBasedGateway', name });
        break;
      case 'bpmn:IntermediateCatchEvent':
        if (definition?.$type === 'bpmn:TimerEventDefinition')
          nodes.push({ id, kind: 'timerCatch', name, timer: timerOf(definition, id, unsupported) });
        else if (definition?.$type === 'bpmn:MessageEventDefinition')
          nodes.push({ id, kind: 'messageCatch', name, message: messageOf(definition, name) });
        else unsupported.push(`${id}: ${definition?.$type ?? 'untyped'} intermediate catch event`);
        break;
      case 'bpmn:IntermediateThrowEvent':
        if (definition?.$type === 'bpmn:EscalationEventDefinition')
          nodes.push({
            id,
            kind: 'escalationThrow',
            name,
            code: codeOf(definition.escalationRef, 'escalationCode'),
          });
        else if (definition?.$type === 'bpmn:CompensateEventDefinition')
          nodes.push({ id, kind: 'compensationThrow', name });
        else unsupported.push(`${id}: ${definition?.$type ?? 'none'} intermediate throw event`);
        break;
      case 'bpmn:BoundaryEvent': {
        const attachedTo = String(e.attachedToRef?.id);
        const interrupting = e.cancelActivity !== false;
        if (definition?.$type === 'bpmn:TimerEventDefinition')
          boundaries.push({
            id,
            name,
            attachedTo,
            event: { type: 'timer', timer: timerOf(definition, id, unsupported), interrupting },
          });
        else if (definition?.$type === 'bpmn:ErrorEventDefinition')
          boundaries.push({
            id,
            name,
            attachedTo,
            event: { type: 'error', code: codeOf(definition.errorRef, 'errorCode') },
          });
        else if (definition?.$type === 'bpmn:EscalationEventDefinition')
          boundaries.push({
            id,
            name,
            attachedTo,
            event: {
              type: 'escalation',
              code: codeOf(definition.escalationRef, 'escalationCode'),
              interrupting,
            },
          });
        else if (definition?.$type === 'bpmn:MessageEventDefinition')
          boundaries.push({
            id,
            name,
            attachedTo,
            event: { type: 'message', message: messageOf(definition, name), interrupting },
          });
        else if (definition?.$type === 'bpmn:CompensateEventDefinition' && handlers.has(id))
          boundaries.push({
            id,
            name,
            attachedTo,
            event: { type: 'compensation', handler: handlers.get(id) as string },
          });
        else unsupported.push(`${id}: ${definition?.$type ?? 'untyped'} boundary event`);
        break;
      }
      default:
        unsupported.push(`${id}: ${e.$type.replace('bpmn:', '')}`);
    }
  }
  if (unsupported.length > 0) throw new UnsupportedModelError(unsupported.slice(0, 20));
  return {
    processId: String(process.id),
    name: (process.name ?? '').trim() || String(process.id),
    nodes,
    flows,
    boundaries,
  };
}

function extension(e: El, type: string): El | undefined {
  return e.extensionElements?.values?.find((v) => v.$type === type);
}

function timerOf(definition: El, id: string, unsupported: string[]): Timer {
  if (definition.timeCycle?.body) return { kind: 'cycle', value: definition.timeCycle.body.trim() };
  if (definition.timeDuration?.body) return { kind: 'duration', value: definition.timeDuration.body.trim() };
  unsupported.push(`${id}: timer without a duration or cycle`);
  return { kind: 'duration', value: 'PT1H' };
}

function messageOf(definition: El, fallback: string): string {
  return String(definition.messageRef?.name ?? fallback).slice(0, 200);
}

function codeOf(ref: El | undefined, property: string): string {
  const code = String(ref?.get(property) ?? ref?.name ?? 'error').replace(/[^A-Za-z0-9_.-]+/g, '-');
  return /^[A-Za-z]/.test(code) ? code.slice(0, 100) : `e-${code}`.slice(0, 100);
}
