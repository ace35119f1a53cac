import { DOMParser, Element } from '@xmldom/xmldom';

/** What the fidelity benchmark compares between a generated model and a person's: read the same way from both. */
export interface ModelFeatures {
  tasks: { label: string; kind: 'user' | 'service' | 'other'; lane: string | null }[];
  /** An exclusive or inclusive gateway with two or more outgoing flows. */
  decision: boolean;
  /** A parallel gateway with two or more outgoing flows. */
  parallel: boolean;
  /** A cycle in the sequence flows, or a multi-instance activity. */
  loop: boolean;
  /** Any timer event (start, catch or boundary). */
  timer: boolean;
  /** Lanes and pools that name people or teams rather than systems. */
  humanLanes: boolean;
}

const TASK_KINDS = new Set([
  'task',
  'userTask',
  'manualTask',
  'serviceTask',
  'sendTask',
  'receiveTask',
  'scriptTask',
  'businessRuleTask',
  'subProcess',
  'callActivity',
]);
const SYSTEM_NAMES =
  /\b(system|software|application|app|database|erp|sap|crm|server|computer|website|portal|platform|tool)\b/i;

function elements(root: Element): Element[] {
  const all: Element[] = [];
  const walk = (node: Element) => {
    for (let child = node.firstChild; child; child = child.nextSibling)
      if (child.nodeType === 1) {
        all.push(child as Element);
        walk(child as Element);
      }
  };
  walk(root);
  return all;
}

/** Namespace-prefix agnostic (the reference models use `bpmn:`, some another prefix or none). */
export function readModelFeatures(xml: string): ModelFeatures {
  const document = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
  // @xmldom/xmldom declares its own Element type, which lacks parts of the DOM lib's; the reader uses only the shared ones.
  const all = elements(document.documentElement as unknown as Element);
  const byId = new Map(all.filter((e) => e.getAttribute('id')).map((e) => [e.getAttribute('id')!, e]));
  const laneOf = new Map<string, string>();
  const lanes = all.filter((e) => e.localName === 'lane');
  for (const lane of lanes)
    for (const ref of elements(lane).filter((e) => e.localName === 'flowNodeRef'))
      laneOf.set((ref.textContent ?? '').trim(), lane.getAttribute('name') ?? '');
  const participants = all.filter((e) => e.localName === 'participant');
  const poolOf = new Map(
    participants.map((p) => [p.getAttribute('processRef') ?? '', p.getAttribute('name') ?? '']),
  );
  const processOf = (e: Element): string => {
    for (let p = e.parentNode as Element | null; p; p = p.parentNode as Element | null)
      if (p.localName === 'process') return p.getAttribute('id') ?? '';
    return '';
  };
  const tasks = all
    .filter((e) => TASK_KINDS.has(e.localName ?? ''))
    // A compensation handler is not a step of the described flow.
    .filter((e) => e.getAttribute('isForCompensation') !== 'true')
    .map((e) => ({
      label: (e.getAttribute('name') ?? '').replace(/\s+/g, ' ').trim(),
      kind:
        e.localName === 'userTask' || e.localName === 'manualTask'
          ? ('user' as const)
          : e.localName === 'serviceTask' || e.localName === 'scriptTask' || e.localName === 'sendTask'
            ? ('service' as const)
            : ('other' as const),
      lane: laneOf.get(e.getAttribute('id') ?? '') ?? poolOf.get(processOf(e)) ?? null,
    }))
    .filter((t) => t.label.length > 0);

  const flows = all.filter((e) => e.localName === 'sequenceFlow');
  const outgoing = new Map<string, string[]>();
  for (const f of flows) {
    const source = f.getAttribute('sourceRef') ?? '';
    outgoing.set(source, [...(outgoing.get(source) ?? []), f.getAttribute('targetRef') ?? '']);
  }
  // Boundary events continue their host's flow: a loop through a boundary path is still a loop.
  for (const b of all.filter((e) => e.localName === 'boundaryEvent')) {
    const host = b.getAttribute('attachedToRef') ?? '';
    outgoing.set(host, [...(outgoing.get(host) ?? []), b.getAttribute('id') ?? '']);
  }
  const splits = (kinds: string[]) =>
    all.some(
      (e) =>
        kinds.includes(e.localName ?? '') && (outgoing.get(e.getAttribute('id') ?? '')?.length ?? 0) >= 2,
    );
  const names = [...lanes, ...participants].map((e) => e.getAttribute('name') ?? '').filter((n) => n.trim());
  return {
    tasks,
    decision: splits(['exclusiveGateway', 'inclusiveGateway']),
    parallel: splits(['parallelGateway']),
    loop:
      hasCycle(outgoing, byId) ||
      all.some(
        (e) =>
          e.localName === 'multiInstanceLoopCharacteristics' || e.localName === 'standardLoopCharacteristics',
      ),
    timer: all.some((e) => e.localName === 'timerEventDefinition'),
    humanLanes: names.some((n) => !SYSTEM_NAMES.test(n)),
  };
}

function hasCycle(outgoing: Map<string, string[]>, byId: Map<string, Element>): boolean {
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): boolean => {
    state.set(id, 1);
    for (const next of outgoing.get(id) ?? []) {
      if (!byId.has(next)) continue;
      if (state.get(next) === 1) return true;
      if (!state.has(next) && visit(next)) return true;
    }
    state.set(id, 2);
    return false;
  };
  return [...outgoing.keys()].some((id) => !state.has(id) && visit(id));
}
