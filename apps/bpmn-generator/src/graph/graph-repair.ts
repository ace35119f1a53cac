import { Flow, GraphNode, ProcessGraph } from './process-graph';

export interface RepairOutcome {
  graph: ProcessGraph;
  /** What was changed, in words (stored as notes with the model). */
  repairs: string[];
  /** What could not be repaired; a graph with problems is rejected. */
  problems: string[];
}

const isGateway = (n: GraphNode) =>
  n.kind === 'exclusiveGateway' || n.kind === 'parallelGateway' || n.kind === 'eventBasedGateway';

/**
 * Brings a graph from any source (the LLM above all) into the shape the
 * builder and the engine accept: one start, no dangling references, explicit
 * gateways for splits and joins, conditions or a default on exclusive splits,
 * an end after every path. What cannot be fixed is reported as a problem.
 */
export function repairGraph(input: ProcessGraph): RepairOutcome {
  const graph: ProcessGraph = structuredClone(input);
  const repairs: string[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  const fresh = (prefix: string) => {
    let n = 1;
    while (ids.has(`${prefix}_${n}`)) n += 1;
    ids.add(`${prefix}_${n}`);
    return `${prefix}_${n}`;
  };

  for (const list of [graph.nodes, graph.boundaries, graph.flows] as { id: string }[][]) {
    for (const element of list) {
      if (ids.has(element.id)) {
        const renamed = fresh(element.id);
        repairs.push(`renamed duplicate id ${element.id} to ${renamed}`);
        element.id = renamed;
      } else ids.add(element.id);
    }
  }
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const boundaryIds = new Set(graph.boundaries.map((b) => b.id));

  graph.boundaries = graph.boundaries.filter((b) => {
    const host = graph.nodes.find((n) => n.id === b.attachedTo);
    const ok = host && (host.kind === 'serviceTask' || host.kind === 'userTask');
    if (!ok) repairs.push(`dropped boundary event ${b.id}: it must be attached to a task`);
    return ok;
  });
  graph.flows = graph.flows.filter((f) => {
    const ok = (nodeIds.has(f.source) || boundaryIds.has(f.source)) && nodeIds.has(f.target);
    if (!ok) repairs.push(`dropped flow ${f.id}: it connects unknown elements`);
    return ok;
  });

  const starts = graph.nodes.filter((n) => n.kind === 'start');
  if (starts.length !== 1) problems.push(`the process needs exactly one start event, found ${starts.length}`);
  graph.flows = graph.flows.filter((f) => {
    const bad =
      graph.nodes.find((n) => n.id === f.target)?.kind === 'start' ||
      graph.nodes.find((n) => n.id === f.source)?.kind === 'end';
    if (bad) repairs.push(`dropped flow ${f.id}: nothing flows into a start event or out of an end event`);
    return !bad;
  });

  const outgoing = (id: string) => graph.flows.filter((f) => f.source === id);
  const incoming = (id: string) => graph.flows.filter((f) => f.target === id);

  for (const node of [...graph.nodes]) {
    if (isGateway(node) || node.kind === 'end') continue;
    const out = outgoing(node.id);
    if (out.length > 1) {
      const conditional = out.some((f) => f.condition);
      const gateway: GraphNode = conditional
        ? { id: fresh('Gateway_split'), kind: 'exclusiveGateway', name: `After ${node.name}?` }
        : { id: fresh('Gateway_fork'), kind: 'parallelGateway', name: 'Fork' };
      graph.nodes.push(gateway);
      for (const f of out) f.source = gateway.id;
      graph.flows.push({ id: fresh('Flow'), source: node.id, target: gateway.id });
      repairs.push(`made the split after ${node.id} an explicit ${gateway.kind}`);
    }
  }
  for (const node of [...graph.nodes]) {
    if (isGateway(node) || node.kind === 'start') continue;
    const into = incoming(node.id);
    if (into.length > 1) {
      const gateway: GraphNode = { id: fresh('Gateway_merge'), kind: 'exclusiveGateway', name: 'Merge' };
      graph.nodes.push(gateway);
      for (const f of into) f.target = gateway.id;
      graph.flows.push({ id: fresh('Flow'), source: gateway.id, target: node.id });
      repairs.push(`made the join before ${node.id} an explicit merge gateway`);
    }
  }
  for (const node of [...graph.nodes]) {
    if (!isGateway(node)) continue;
    const into = incoming(node.id);
    const out = outgoing(node.id);
    if (into.length > 1 && out.length > 1) {
      const join: GraphNode = {
        ...node,
        id: fresh(`${node.id}_join`),
        name: node.kind === 'parallelGateway' ? 'Join' : 'Merge',
      } as GraphNode;
      if (join.kind === 'eventBasedGateway') continue;
      graph.nodes.push(join);
      for (const f of into) f.target = join.id;
      graph.flows.push({ id: fresh('Flow'), source: join.id, target: node.id });
      repairs.push(`split gateway ${node.id} into a join and a fork`);
    }
  }
  for (const node of graph.nodes) {
    const out = outgoing(node.id);
    if (node.kind === 'exclusiveGateway' && out.length > 1)
      repairExclusiveSplit(node.id, out, repairs, problems);
    if (node.kind !== 'exclusiveGateway') for (const f of out) clearCondition(f, repairs);
    if (node.kind === 'eventBasedGateway') {
      for (const f of out) {
        const target = graph.nodes.find((n) => n.id === f.target);
        if (target?.kind !== 'timerCatch' && target?.kind !== 'messageCatch')
          problems.push(`event-based gateway ${node.id} must lead to timer or message events only`);
      }
    }
  }

  const handlers = new Set(
    graph.boundaries.flatMap((b) => (b.event.type === 'compensation' ? [b.event.handler] : [])),
  );
  for (const node of [...graph.nodes]) {
    if (node.kind === 'end' || handlers.has(node.id) || outgoing(node.id).length > 0) continue;
    const end: GraphNode = { id: fresh('End'), kind: 'end', name: 'Done', result: { type: 'none' } };
    graph.nodes.push(end);
    graph.flows.push({ id: fresh('Flow'), source: node.id, target: end.id });
    repairs.push(`added an end event after ${node.id}`);
  }
  for (const b of graph.boundaries) {
    if (b.event.type === 'compensation') {
      const handler = graph.nodes.find((n) => n.id === (b.event as { handler: string }).handler);
      if (handler?.kind !== 'serviceTask')
        problems.push(`compensation boundary ${b.id} must point to a service task`);
      else handler.forCompensation = true;
      continue;
    }
    if (outgoing(b.id).length === 0) {
      const end: GraphNode = {
        id: fresh('End'),
        kind: 'end',
        name: `${b.name} handled`,
        result: { type: 'none' },
      };
      graph.nodes.push(end);
      graph.flows.push({ id: fresh('Flow'), source: b.id, target: end.id });
      repairs.push(`added an end event after boundary ${b.id}`);
    }
  }
  for (const handler of handlers) {
    for (const f of graph.flows.filter((x) => x.source === handler || x.target === handler)) {
      repairs.push(`dropped flow ${f.id}: compensation handlers are not part of the normal flow`);
    }
    graph.flows = graph.flows.filter((x) => x.source !== handler && x.target !== handler);
  }

  if (problems.length === 0) problems.push(...reachabilityProblems(graph, handlers));
  return { graph, repairs, problems };
}

function repairExclusiveSplit(gatewayId: string, out: Flow[], repairs: string[], problems: string[]): void {
  const unconditioned = out.filter((f) => !f.condition);
  const defaults = out.filter((f) => f.isDefault);
  if (defaults.length > 1) problems.push(`exclusive gateway ${gatewayId} has more than one default flow`);
  if (unconditioned.length === 1 && !unconditioned[0].isDefault) {
    unconditioned[0].isDefault = true;
    repairs.push(`made ${unconditioned[0].id} the default flow of ${gatewayId}`);
  } else if (unconditioned.filter((f) => !f.isDefault).length > 0) {
    problems.push(`exclusive gateway ${gatewayId} has several flows without a condition`);
  }
  for (const f of out) {
    if (f.isDefault && f.condition) {
      delete f.condition;
      repairs.push(`removed the condition of default flow ${f.id}`);
    }
    if (f.condition && !f.name) f.name = f.condition.slice(2, -1).trim().slice(0, 200);
    if (f.isDefault && !f.name) f.name = 'otherwise';
  }
}

function clearCondition(flow: Flow, repairs: string[]): void {
  if (!flow.condition && !flow.isDefault) return;
  delete flow.condition;
  delete flow.isDefault;
  repairs.push(`removed the condition of ${flow.id}: only exclusive gateways branch on conditions`);
}

function reachabilityProblems(graph: ProcessGraph, handlers: Set<string>): string[] {
  const start = graph.nodes.find((n) => n.kind === 'start');
  if (!start) return [];
  const next = new Map<string, string[]>();
  const add = (from: string, to: string) => next.set(from, [...(next.get(from) ?? []), to]);
  for (const f of graph.flows) add(f.source, f.target);
  for (const b of graph.boundaries) add(b.attachedTo, b.id);
  const seen = new Set<string>([start.id]);
  const queue = [start.id];
  while (queue.length > 0) {
    for (const to of next.get(queue.shift() as string) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  const unreachable = graph.nodes.filter((n) => !seen.has(n.id) && !handlers.has(n.id));
  return unreachable.length > 0
    ? [`unreachable from the start: ${unreachable.map((n) => n.id).join(', ')}`]
    : [];
}
