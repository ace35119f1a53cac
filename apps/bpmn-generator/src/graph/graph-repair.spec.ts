import { approvalGraph } from '../testing/graph-fixtures';
import { repairGraph } from './graph-repair';
import { ProcessGraph } from './process-graph';

const minimal = (): ProcessGraph => ({
  processId: 'P',
  name: 'P',
  nodes: [
    { id: 'start', kind: 'start', name: 'Start', trigger: { type: 'none' } },
    { id: 'a', kind: 'serviceTask', name: 'A', topic: 'a' },
    { id: 'b', kind: 'serviceTask', name: 'B', topic: 'b' },
    { id: 'c', kind: 'serviceTask', name: 'C', topic: 'c' },
  ],
  flows: [
    { id: 'f1', source: 'start', target: 'a' },
    { id: 'f2', source: 'a', target: 'b', condition: '${x}' },
    { id: 'f3', source: 'a', target: 'c' },
    { id: 'f4', source: 'b', target: 'c' },
  ],
  boundaries: [],
});

describe('repairGraph', () => {
  it('leaves a well-formed graph alone', () => {
    const sut = repairGraph(approvalGraph());

    expect(sut).toEqual({ graph: approvalGraph(), repairs: [], problems: [] });
  });

  it('makes implicit splits and joins explicit, adds a default flow and an end', () => {
    const sut = repairGraph(minimal());

    expect(sut.problems).toEqual([]);
    const kinds = sut.graph.nodes.map((n) => n.kind);
    expect(kinds.filter((k) => k === 'exclusiveGateway')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'end')).toHaveLength(1);
    const split = sut.graph.nodes.find((n) => n.id.startsWith('Gateway_split'));
    const out = sut.graph.flows.filter((f) => f.source === split?.id);
    expect(out.map((f) => [f.condition ?? null, f.isDefault ?? false])).toEqual([
      ['${x}', false],
      [null, true],
    ]);
    expect(sut.repairs).toHaveLength(4);
  });

  it('drops dangling flows and boundaries, and renames duplicate ids', () => {
    const graph = approvalGraph();
    graph.flows.push({ id: 'ghost', source: 'nowhere', target: 'end' });
    graph.boundaries.push({
      id: 'b2',
      name: 'Lost',
      attachedTo: 'split',
      event: { type: 'error', code: 'x' },
    });
    graph.nodes.push({ id: 'check', kind: 'serviceTask', name: 'Twin', topic: 'twin' });

    const sut = repairGraph(graph);

    expect(sut.graph.flows.some((f) => f.id === 'ghost')).toBe(false);
    expect(sut.graph.boundaries.some((b) => b.id === 'b2')).toBe(false);
    expect(new Set(sut.graph.nodes.map((n) => n.id)).size).toBe(sut.graph.nodes.length);
  });

  it('reports what it cannot repair', () => {
    const graph = minimal();
    graph.nodes.push({ id: 'start2', kind: 'start', name: 'Other start', trigger: { type: 'none' } });
    const unreachable = minimal();
    unreachable.nodes.push({ id: 'island', kind: 'serviceTask', name: 'Island', topic: 'island' });
    const ambiguous = minimal();
    ambiguous.flows = ambiguous.flows.map((f) => ({ ...f, condition: undefined }));
    ambiguous.nodes.push({ id: 'g', kind: 'exclusiveGateway', name: 'G' });
    ambiguous.flows.push(
      { id: 'g1', source: 'c', target: 'g' },
      { id: 'g2', source: 'g', target: 'a' },
      { id: 'g3', source: 'g', target: 'b' },
    );

    expect(repairGraph(graph).problems).toEqual(['the process needs exactly one start event, found 2']);
    expect(repairGraph(unreachable).problems[0]).toMatch(/unreachable from the start: island/);
    expect(repairGraph(ambiguous).problems).toContain(
      'exclusive gateway g has several flows without a condition',
    );
  });
});
