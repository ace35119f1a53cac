import { approvalGraph } from '../testing/graph-fixtures';
import { compensation } from '../enhance/enhancement-passes';
import { associationIdOf, Bounds, layoutGraph } from './layered-layout';

const overlaps = (a: Bounds, b: Bounds) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutGraph', () => {
  it('places every node left to right without overlaps', () => {
    const graph = approvalGraph();

    const sut = layoutGraph(graph);

    const nodes = graph.nodes.map((n) => sut.shapes.get(n.id) as Bounds);
    expect(nodes.every(Boolean)).toBe(true);
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) expect(overlaps(nodes[i], nodes[j])).toBe(false);
    const x = (id: string) => (sut.shapes.get(id) as Bounds).x;
    expect(x('start')).toBeLessThan(x('check'));
    expect(x('check')).toBeLessThan(x('approve'));
    expect(x('approve')).toBeLessThan(x('notify'));
  });

  it('puts boundary events on the lower edge of their task', () => {
    const sut = layoutGraph(approvalGraph());

    const task = sut.shapes.get('approve') as Bounds;
    const boundary = sut.shapes.get('sla') as Bounds;
    expect(boundary.y + boundary.height / 2).toBe(task.y + task.height);
    expect(boundary.x).toBeGreaterThanOrEqual(task.x);
    expect(boundary.x + boundary.width).toBeLessThanOrEqual(task.x + task.width);
  });

  it('routes every flow from its source to its target, loops underneath', () => {
    const graph = approvalGraph();

    const sut = layoutGraph(graph);

    for (const flow of graph.flows) expect((sut.edges.get(flow.id) ?? []).length).toBeGreaterThanOrEqual(2);
    const loop = sut.edges.get('f8') ?? [];
    const lowest = Math.max(
      ...graph.nodes.map((n) => (sut.shapes.get(n.id) as Bounds).y + (sut.shapes.get(n.id) as Bounds).height),
    );
    expect(Math.max(...loop.map((p) => p.y))).toBeGreaterThan(lowest);
  });

  it('routes a flow that skips shapes on its row around them', () => {
    const graph = approvalGraph();
    graph.nodes = graph.nodes.filter((n) => n.id !== 'remind' && n.id !== 'reminded');
    graph.flows = graph.flows.filter((f) => f.source !== 'sla' && f.source !== 'remind');
    graph.boundaries = [];

    const sut = layoutGraph(graph);

    const skip = sut.edges.get('f5') ?? [];
    const approve = sut.shapes.get('approve') as Bounds;
    expect(skip).toHaveLength(4);
    expect(skip[1].y).toBeGreaterThan(approve.y + approve.height);
  });

  it('puts compensation handlers above their task, linked by an association from the top edge', () => {
    const graph = compensation({
      ...approvalGraph(),
      nodes: approvalGraph().nodes.map((n) => (n.id === 'check' ? { ...n, name: 'Reserve budget' } : n)),
    }).graph;

    const sut = layoutGraph(graph);

    const handler = graph.nodes.find((n) => n.kind === 'serviceTask' && n.forCompensation);
    const host = sut.shapes.get('check') as Bounds;
    const handlerBounds = sut.shapes.get(handler?.id ?? '') as Bounds;
    const boundary = graph.boundaries.find((b) => b.event.type === 'compensation');
    expect(handlerBounds.x).toBe(host.x);
    expect(handlerBounds.y + handlerBounds.height).toBeLessThan(host.y);
    expect((sut.shapes.get(boundary?.id ?? '') as Bounds).y).toBe(host.y - 18);
    expect(sut.edges.get(associationIdOf(boundary?.id ?? ''))).toEqual([
      { x: host.x + 22, y: host.y - 18 },
      { x: host.x + 22, y: handlerBounds.y + handlerBounds.height },
    ]);
  });
});
