import { LintFinding, ModelStats, Suggestion } from '@flowpilot/shared';
import { ModdleElement } from '../builder/bpmn-moddle.adapter';

type Element = ModdleElement & {
  flowElements?: Element[];
  eventDefinitions?: Element[];
  attachedToRef?: Element;
  conditionExpression?: { body?: string };
  sourceRef?: Element;
  targetRef?: Element;
  outgoing?: Element[];
  incoming?: Element[];
  timeDuration?: { body?: string };
  timeCycle?: { body?: string };
  timeDate?: { body?: string };
  name?: string;
};

const GATEWAY_KIND: Record<string, keyof ModelStats['gateways']> = {
  'bpmn:ExclusiveGateway': 'exclusive',
  'bpmn:ParallelGateway': 'parallel',
  'bpmn:InclusiveGateway': 'inclusive',
  'bpmn:EventBasedGateway': 'eventBased',
};
const OTHER_ACTIVITIES = new Set([
  'bpmn:Task',
  'bpmn:ScriptTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ManualTask',
  'bpmn:CallActivity',
]);
/** Steps with outside effects that do not feed the next step: candidates for running side by side. */
export const INDEPENDENT_STEP =
  /^(send|notify|email|inform|update|log|archive|publish|record|sync|index|audit)\b/i;
/** Steps that change something outside and need undoing when a saga fails. */
const COMPENSABLE_STEP = /^(reserve|book|charge|debit|allocate|create|place|hold|transfer)\b/i;

/** The `<process>` elements of the definitions: none means nothing could ever run or be deployed. */
export function processCountOf(definitions: ModdleElement): number {
  const roots = (definitions.rootElements as Element[] | undefined) ?? [];
  return roots.filter((root) => root.$type === 'bpmn:Process').length;
}

/** All flow elements of the executable processes, sub-processes included. */
export function flowElementsOf(definitions: ModdleElement): Element[] {
  const out: Element[] = [];
  const walk = (elements: Element[] | undefined) => {
    for (const e of elements ?? []) {
      out.push(e);
      if (e.flowElements) walk(e.flowElements);
    }
  };
  for (const root of (definitions.rootElements as Element[] | undefined) ?? []) {
    if (root.$type === 'bpmn:Process') walk(root.flowElements);
  }
  return out;
}

/** Counts what the model contains (what corpus expectations are checked against). */
export function statsOf(definitions: ModdleElement): ModelStats {
  const stats: ModelStats = {
    userTasks: 0,
    serviceTasks: 0,
    otherTasks: 0,
    gateways: { exclusive: 0, parallel: 0, inclusive: 0, eventBased: 0 },
    timers: [],
    messageEvents: 0,
    errorEvents: 0,
    escalationEvents: 0,
    compensationEvents: 0,
    conditions: [],
    sequenceFlows: 0,
  };
  for (const e of flowElementsOf(definitions)) {
    if (e.$type === 'bpmn:UserTask') stats.userTasks += 1;
    else if (e.$type === 'bpmn:ServiceTask') stats.serviceTasks += 1;
    else if (OTHER_ACTIVITIES.has(e.$type)) stats.otherTasks += 1;
    else if (GATEWAY_KIND[e.$type]) stats.gateways[GATEWAY_KIND[e.$type]] += 1;
    else if (e.$type === 'bpmn:SequenceFlow') {
      stats.sequenceFlows += 1;
      const body = e.conditionExpression?.body;
      if (body) stats.conditions.push(body.slice(0, 1_000));
    }
    for (const d of e.eventDefinitions ?? []) {
      if (d.$type === 'bpmn:TimerEventDefinition') {
        const placement =
          e.$type === 'bpmn:StartEvent'
            ? 'start'
            : e.$type === 'bpmn:BoundaryEvent'
              ? 'boundary'
              : 'intermediate';
        const [kind, value] = d.timeCycle
          ? ['cycle', d.timeCycle.body]
          : d.timeDate
            ? ['date', d.timeDate.body]
            : ['duration', d.timeDuration?.body];
        stats.timers.push({
          elementId: String(e.id),
          placement,
          kind: kind as 'cycle' | 'date' | 'duration',
          value: (value ?? '').slice(0, 200),
        });
      } else if (d.$type === 'bpmn:MessageEventDefinition') stats.messageEvents += 1;
      else if (d.$type === 'bpmn:ErrorEventDefinition') stats.errorEvents += 1;
      else if (d.$type === 'bpmn:EscalationEventDefinition') stats.escalationEvents += 1;
      else if (d.$type === 'bpmn:CompensateEventDefinition') stats.compensationEvents += 1;
    }
  }
  return stats;
}

/** Lint findings plus structural hints: missing error handling, SLAs, compensation; redundant or parallelizable steps. */
export function suggestionsFor(definitions: ModdleElement, findings: LintFinding[]): Suggestion[] {
  const suggestions: Suggestion[] = findings
    .filter((f) => f.severity !== 'info')
    .map((f) => ({
      kind: 'lint' as const,
      message: `${f.rule}: ${f.message}`,
      elementIds: f.elementId ? [f.elementId] : [],
    }));
  const elements = flowElementsOf(definitions);
  const boundaries = elements.filter((e) => e.$type === 'bpmn:BoundaryEvent');
  const boundaryTypes = (task: Element) =>
    new Set(
      boundaries
        .filter((b) => b.attachedToRef === task)
        .flatMap((b) => (b.eventDefinitions ?? []).map((d) => d.$type)),
    );
  const services = elements.filter((e) => e.$type === 'bpmn:ServiceTask' && !e.get('isForCompensation'));
  const users = elements.filter((e) => e.$type === 'bpmn:UserTask');

  const noErrorHandling = services.filter((t) => !boundaryTypes(t).has('bpmn:ErrorEventDefinition'));
  if (noErrorHandling.length > 0) {
    suggestions.push({
      kind: 'missing-error-handling',
      message: `${noErrorHandling.length} service task(s) have no error boundary event: a BPMN error from the worker would end in an incident.`,
      elementIds: ids(noErrorHandling),
    });
  }
  const noRetry = services.filter((t) => !t.get('camunda:asyncBefore'));
  if (noRetry.length > 0) {
    suggestions.push({
      kind: 'missing-retry',
      message: `${noRetry.length} service task(s) have no retry policy (camunda:asyncBefore with a retry time cycle).`,
      elementIds: ids(noRetry),
    });
  }
  const noSla = users.filter((t) => !boundaryTypes(t).has('bpmn:TimerEventDefinition'));
  if (noSla.length > 0) {
    suggestions.push({
      kind: 'missing-sla',
      message: `${noSla.length} user task(s) have no deadline (timer boundary event).`,
      elementIds: ids(noSla),
    });
  }
  const uncompensated = services.filter(
    (t) => COMPENSABLE_STEP.test(t.name ?? '') && !boundaryTypes(t).has('bpmn:CompensateEventDefinition'),
  );
  if (uncompensated.length > 0) {
    suggestions.push({
      kind: 'missing-compensation',
      message: `${uncompensated.length} step(s) change outside state without a compensation handler to undo them if a later step fails.`,
      elementIds: ids(uncompensated),
    });
  }
  for (const flow of elements.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
    const [a, b] = [flow.sourceRef, flow.targetRef];
    if (
      a &&
      b &&
      isTask(a) &&
      isTask(b) &&
      a.$type === b.$type &&
      normalise(a.name) !== '' &&
      normalise(a.name) === normalise(b.name)
    ) {
      suggestions.push({
        kind: 'redundant-step',
        message: `"${a.name}" is repeated back to back.`,
        elementIds: [String(a.id), String(b.id)],
      });
    }
  }
  for (const run of independentRuns(services)) {
    suggestions.push({
      kind: 'parallelizable',
      message: `${run.map((t) => `"${t.name}"`).join(', ')} do not depend on each other and could run in parallel.`,
      elementIds: ids(run),
    });
  }
  return suggestions.slice(0, 200);
}

/** Maximal chains of directly connected independent service tasks (length ≥ 2). */
function independentRuns(services: Element[]): Element[][] {
  const independent = new Set(services.filter((t) => INDEPENDENT_STEP.test(t.name ?? '')));
  const next = (t: Element): Element | null => {
    const out = t.outgoing ?? [];
    const target = out.length === 1 ? out[0].targetRef : undefined;
    return target && independent.has(target) && (target.incoming ?? []).length === 1 ? target : null;
  };
  const hasPredecessorInRun = new Set<Element>();
  for (const t of independent) {
    const n = next(t);
    if (n) hasPredecessorInRun.add(n);
  }
  const runs: Element[][] = [];
  for (const head of independent) {
    if (hasPredecessorInRun.has(head)) continue;
    const run = [head];
    for (let n = next(head); n && !run.includes(n); n = next(n)) run.push(n);
    if (run.length >= 2) runs.push(run);
  }
  return runs;
}

function isTask(e: Element): boolean {
  return e.$type === 'bpmn:ServiceTask' || e.$type === 'bpmn:UserTask' || OTHER_ACTIVITIES.has(e.$type);
}
function normalise(name: string | undefined): string {
  return (name ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}
function ids(elements: Element[]): string[] {
  return elements.slice(0, 50).map((e) => String(e.id));
}
