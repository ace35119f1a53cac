import { GraphNode, ProcessGraph } from '../graph/process-graph';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

export interface DiagramLayout {
  /** Flow nodes and boundary events by element id. */
  shapes: Map<string, Bounds>;
  /** Sequence flows and compensation associations by element id. */
  edges: Map<string, Point[]>;
  /** Label positions where the default one would collide (boundary events). */
  labels: Map<string, Bounds>;
}

const COLUMN = 170;
const ROW = 130;
const ORIGIN = { x: 160, y: 120 };
const BOUNDARY_SIZE = 36;
const LABEL = { width: 90, height: 27 };

function sizeOf(node: GraphNode): { width: number; height: number } {
  switch (node.kind) {
    case 'serviceTask':
    case 'userTask':
      return { width: 100, height: 80 };
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'eventBasedGateway':
      return { width: 50, height: 50 };
    default:
      return { width: 36, height: 36 };
  }
}

/**
 * A layered (Sugiyama-style) left-to-right layout for the graphs the generator
 * builds: columns by longest path from the start, rows by branch order, loops
 * routed underneath, boundary events on their host's lower edge and
 * compensation handlers right below their host.
 */
export function layoutGraph(graph: ProcessGraph): DiagramLayout {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const hostOf = new Map(graph.boundaries.map((b) => [b.id, b.attachedTo]));
  const handlers = new Map<string, string>();
  for (const b of graph.boundaries)
    if (b.event.type === 'compensation') handlers.set(b.event.handler, b.attachedTo);

  // Successors per node in flow order; flows leaving a boundary count as leaving its host, after the host's own flows.
  const successors = new Map<string, { target: string; fromBoundary: boolean }[]>();
  for (const n of graph.nodes) successors.set(n.id, []);
  for (const f of graph.flows)
    if (nodes.has(f.source)) successors.get(f.source)?.push({ target: f.target, fromBoundary: false });
  for (const f of graph.flows) {
    const host = hostOf.get(f.source);
    if (host) successors.get(host)?.push({ target: f.target, fromBoundary: true });
  }

  const backEdges = findBackEdges(graph, successors);
  const isForward = (from: string, to: string) => !backEdges.has(`${from}->${to}`);

  const rank = rankNodes(graph, successors, isForward, handlers);
  const row = assignRows(graph, successors, isForward, rank, handlers);

  const shapes = new Map<string, Bounds>();
  let maxBottom = 0;
  for (const n of graph.nodes) {
    const { width, height } = sizeOf(n);
    const cx = ORIGIN.x + (rank.get(n.id) ?? 0) * COLUMN;
    const cy = ORIGIN.y + (row.get(n.id) ?? 0) * ROW;
    shapes.set(n.id, { x: cx - width / 2, y: cy - height / 2, width, height });
    maxBottom = Math.max(maxBottom, cy + height / 2);
  }
  const labels = new Map<string, Bounds>();
  const perEdge = new Map<string, number>();
  for (const b of graph.boundaries) {
    const host = shapes.get(b.attachedTo);
    if (!host) continue;
    // Compensation boundaries sit on the top edge (their handler is above); the others on the bottom edge.
    const top = b.event.type === 'compensation';
    const key = `${b.attachedTo}:${top ? 'top' : 'bottom'}`;
    const index = perEdge.get(key) ?? 0;
    perEdge.set(key, index + 1);
    const cx = host.x + 22 + index * 40;
    const cy = top ? host.y : host.y + host.height;
    shapes.set(b.id, {
      x: cx - BOUNDARY_SIZE / 2,
      y: cy - BOUNDARY_SIZE / 2,
      width: BOUNDARY_SIZE,
      height: BOUNDARY_SIZE,
    });
    // Labels of neighbouring boundary events are stacked so they do not cover each other.
    const labelY = top
      ? cy - BOUNDARY_SIZE / 2 - LABEL.height - 2
      : cy + BOUNDARY_SIZE / 2 + 2 + index * (LABEL.height + 2);
    labels.set(b.id, { x: cx - LABEL.width / 2, y: labelY, ...LABEL });
  }

  const edges = new Map<string, Point[]>();
  let loopLane = 0;
  for (const f of graph.flows) {
    const source = shapes.get(f.source);
    const target = shapes.get(f.target);
    if (!source || !target) continue;
    const from = hostOf.get(f.source) ?? f.source;
    if (!isForward(from, f.target)) {
      loopLane += 1;
      edges.set(f.id, loopBack(source, target, maxBottom + 30 * loopLane));
    } else if (hostOf.has(f.source)) {
      edges.set(f.id, fromBoundary(source, target));
    } else {
      const points = forward(source, target, nodes.get(f.source), nodes.get(f.target));
      const blocked = points
        .slice(1)
        .some((p, i) =>
          graph.nodes.some(
            (n) => n.id !== f.source && n.id !== f.target && crosses(shapes.get(n.id), points[i], p),
          ),
        );
      edges.set(f.id, blocked ? detour(source, target) : points);
    }
  }
  for (const b of graph.boundaries) {
    if (b.event.type !== 'compensation') continue;
    const source = shapes.get(b.id);
    const target = shapes.get(b.event.handler);
    if (source && target)
      edges.set(associationIdOf(b.id), [
        { x: centre(source).x, y: source.y },
        { x: centre(source).x, y: target.y + target.height },
      ]);
  }
  return { shapes, edges, labels };
}

/** The id of the association that links a compensation boundary event to its handler. */
export function associationIdOf(boundaryId: string): string {
  return `${boundaryId}_association`;
}

function findBackEdges(graph: ProcessGraph, successors: Map<string, { target: string }[]>): Set<string> {
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const { target } of successors.get(id) ?? []) {
      const s = state.get(target);
      if (s === 'open') back.add(`${id}->${target}`);
      else if (!s) visit(target);
    }
    state.set(id, 'done');
  };
  const starts = graph.nodes.filter((n) => n.kind === 'start');
  for (const n of [...starts, ...graph.nodes]) if (!state.has(n.id)) visit(n.id);
  return back;
}

function rankNodes(
  graph: ProcessGraph,
  successors: Map<string, { target: string }[]>,
  isForward: (from: string, to: string) => boolean,
  handlers: Map<string, string>,
): Map<string, number> {
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  for (const [from, list] of successors)
    for (const { target } of list)
      if (isForward(from, target)) indegree.set(target, (indegree.get(target) ?? 0) + 1);
  const rank = new Map<string, number>();
  const queue = graph.nodes
    .filter((n) => (indegree.get(n.id) ?? 0) === 0 && !handlers.has(n.id))
    .map((n) => n.id);
  for (const id of queue) rank.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const { target } of successors.get(id) ?? []) {
      if (!isForward(id, target)) continue;
      rank.set(target, Math.max(rank.get(target) ?? 0, (rank.get(id) ?? 0) + 1));
      indegree.set(target, (indegree.get(target) ?? 0) - 1);
      if (indegree.get(target) === 0) queue.push(target);
    }
  }
  for (const [handler, host] of handlers) rank.set(handler, rank.get(host) ?? 0);
  return rank;
}

function assignRows(
  graph: ProcessGraph,
  successors: Map<string, { target: string; fromBoundary: boolean }[]>,
  isForward: (from: string, to: string) => boolean,
  rank: Map<string, number>,
  handlers: Map<string, string>,
): Map<string, number> {
  const desired = new Map<string, number>();
  const row = new Map<string, number>();
  const byRank = new Map<number, string[]>();
  for (const n of graph.nodes) {
    const r = rank.get(n.id) ?? 0;
    byRank.set(r, [...(byRank.get(r) ?? []), n.id]);
  }
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  for (const r of ranks) {
    const ids = (byRank.get(r) ?? []).filter((id) => !handlers.has(id));
    const ordered = ids
      .map((id, order) => ({ id, order, want: desired.get(id) ?? 0 }))
      .sort((a, b) => a.want - b.want || a.order - b.order);
    const used = new Set<number>();
    let next = -Infinity;
    for (const { id, want } of ordered) {
      const assigned = Math.max(want, next);
      row.set(id, assigned);
      used.add(assigned);
      next = assigned + 1;
    }
    for (const id of (byRank.get(r) ?? []).filter((h) => handlers.has(h))) {
      // Above the host: the normal flow and boundary paths run at and below it.
      let candidate = (row.get(handlers.get(id) as string) ?? 0) - 1;
      while (used.has(candidate)) candidate -= 1;
      row.set(id, candidate);
      used.add(candidate);
    }
    for (const id of ids) {
      const base = row.get(id) ?? 0;
      let offset = 0;
      let boundaryOffset = 1;
      for (const { target, fromBoundary } of successors.get(id) ?? []) {
        if (!isForward(id, target)) continue;
        const want = fromBoundary ? base + boundaryOffset++ : base + offset++;
        desired.set(target, Math.min(desired.get(target) ?? Infinity, want));
      }
    }
  }
  return row;
}

function centre(b: Bounds): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}
function bottom(b: Bounds): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height };
}
const isGateway = (n: GraphNode | undefined) =>
  n?.kind === 'exclusiveGateway' || n?.kind === 'parallelGateway' || n?.kind === 'eventBasedGateway';

function forward(source: Bounds, target: Bounds, sourceNode?: GraphNode, targetNode?: GraphNode): Point[] {
  const s = centre(source);
  const t = centre(target);
  if (Math.abs(s.y - t.y) < 1)
    return [
      { x: source.x + source.width, y: s.y },
      { x: target.x, y: t.y },
    ];
  if (isGateway(sourceNode)) {
    const exitY = t.y > s.y ? source.y + source.height : source.y;
    return [
      { x: s.x, y: exitY },
      { x: s.x, y: t.y },
      { x: target.x, y: t.y },
    ];
  }
  if (isGateway(targetNode)) {
    const entryY = s.y > t.y ? target.y + target.height : target.y;
    return [
      { x: source.x + source.width, y: s.y },
      { x: t.x, y: s.y },
      { x: t.x, y: entryY },
    ];
  }
  const midX = (source.x + source.width + target.x) / 2;
  return [
    { x: source.x + source.width, y: s.y },
    { x: midX, y: s.y },
    { x: midX, y: t.y },
    { x: target.x, y: t.y },
  ];
}

/** Whether an axis-parallel segment runs through a shape. */
function crosses(shape: Bounds | undefined, a: Point, b: Point): boolean {
  if (!shape) return false;
  if (a.y === b.y)
    return (
      a.y > shape.y &&
      a.y < shape.y + shape.height &&
      Math.min(a.x, b.x) < shape.x + shape.width &&
      Math.max(a.x, b.x) > shape.x
    );
  return (
    a.x > shape.x &&
    a.x < shape.x + shape.width &&
    Math.min(a.y, b.y) < shape.y + shape.height &&
    Math.max(a.y, b.y) > shape.y
  );
}

/** A flow that would run through other shapes goes round underneath them, in the lane below the lower of its two rows. */
function detour(source: Bounds, target: Bounds): Point[] {
  const s = bottom(source);
  const t = bottom(target);
  const laneY = Math.max(centre(source).y, centre(target).y) + ROW / 2;
  return [s, { x: s.x, y: laneY }, { x: t.x, y: laneY }, t];
}

function fromBoundary(boundary: Bounds, target: Bounds): Point[] {
  const b = bottom(boundary);
  const t = centre(target);
  if (t.y <= b.y)
    return [
      b,
      { x: b.x, y: b.y + 20 },
      { x: target.x - 20, y: b.y + 20 },
      { x: target.x - 20, y: t.y },
      { x: target.x, y: t.y },
    ];
  return [b, { x: b.x, y: t.y }, { x: target.x, y: t.y }];
}

function loopBack(source: Bounds, target: Bounds, laneY: number): Point[] {
  const s = bottom(source);
  const t = bottom(target);
  return [s, { x: s.x, y: laneY }, { x: t.x, y: laneY }, t];
}
