import { Boundary, Flow, GraphNode, ProcessGraph } from './process-graph';

type NewNode = GraphNode extends infer N ? (N extends GraphNode ? Omit<N, 'id'> : never) : never;

/** Small, safe edits on a copy of a graph: fresh ids, flows, boundary events, merges. */
export class GraphEditor {
  readonly graph: ProcessGraph;
  private readonly used: Set<string>;

  constructor(graph: ProcessGraph) {
    this.graph = structuredClone(graph);
    this.used = new Set(
      [...this.graph.nodes, ...this.graph.flows, ...this.graph.boundaries].map((e) => e.id),
    );
  }

  freshId(prefix: string): string {
    let n = 1;
    while (this.used.has(`${prefix}_${n}`)) n += 1;
    this.used.add(`${prefix}_${n}`);
    return `${prefix}_${n}`;
  }

  add(node: NewNode, prefix = 'Activity'): string {
    const id = this.freshId(prefix);
    this.graph.nodes.push({ ...node, id } as GraphNode);
    return id;
  }

  connect(
    source: string,
    target: string,
    extra: Partial<Pick<Flow, 'name' | 'condition' | 'isDefault'>> = {},
  ): string {
    const id = this.freshId('Flow');
    this.graph.flows.push({ id, source, target, ...extra });
    return id;
  }

  boundary(attachedTo: string, name: string, event: Boundary['event']): string {
    const id = this.freshId('Boundary');
    this.graph.boundaries.push({ id, name: name.slice(0, 200), attachedTo, event });
    return id;
  }

  /** Connects several sources to one target through a merge gateway (one source connects directly). */
  merge(sources: string[], target: string): void {
    if (sources.length === 1) {
      this.connect(sources[0], target);
      return;
    }
    const gateway = this.add({ kind: 'exclusiveGateway', name: 'Merge' }, 'Gateway');
    for (const s of sources) this.connect(s, gateway);
    this.connect(gateway, target);
  }

  node(id: string): GraphNode | undefined {
    return this.graph.nodes.find((n) => n.id === id);
  }
  outgoing(id: string): Flow[] {
    return this.graph.flows.filter((f) => f.source === id);
  }
  incoming(id: string): Flow[] {
    return this.graph.flows.filter((f) => f.target === id);
  }
  hasBoundary(taskId: string, type: Boundary['event']['type']): boolean {
    return this.graph.boundaries.some((b) => b.attachedTo === taskId && b.event.type === type);
  }
}
