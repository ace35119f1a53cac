import { approvalGraph, chainGraph } from '../testing/graph-fixtures';
import { repairGraph } from '../graph/graph-repair';
import { compensation, enhance, errorBoundaries, parallelize, slaTimers } from './enhancement-passes';

const OPTIONS = { retries: 3, retryInterval: 'PT1M', sla: 'P1D' };

describe('enhancement passes', () => {
  it('adds retries and error boundaries to service tasks, routed to one investigation task', () => {
    const sut = errorBoundaries(approvalGraph(), OPTIONS);

    const errors = sut.graph.boundaries.filter((b) => b.event.type === 'error');
    expect(errors.map((b) => b.attachedTo).sort()).toEqual(['check', 'notify', 'remind']);
    expect(
      sut.graph.nodes
        .filter((n) => n.kind === 'serviceTask')
        .every((n) => n.kind === 'serviceTask' && n.retry?.times === 3),
    ).toBe(true);
    expect(
      sut.graph.nodes.filter((n) => n.kind === 'userTask' && n.name === 'Investigate failure'),
    ).toHaveLength(1);
    expect(repairGraph(sut.graph).problems).toEqual([]);
  });

  it('adds an SLA timer only to user tasks without one', () => {
    const graph = approvalGraph();
    graph.boundaries = [];
    graph.flows = graph.flows.filter((f) => f.source !== 'sla');

    const sut = slaTimers(graph, OPTIONS);
    const again = slaTimers(sut.graph, OPTIONS);

    expect(sut.graph.boundaries).toMatchObject([
      { attachedTo: 'approve', event: { type: 'timer', timer: { value: 'P1D' }, interrupting: false } },
    ]);
    expect(again.changes).toEqual([]);
  });

  it('gives compensable steps handlers and rolls back when a later step fails', () => {
    const sut = compensation(chainGraph('Reserve seats', 'Charge card', 'Send ticket'));

    const handlers = sut.graph.nodes
      .filter((n) => n.kind === 'serviceTask' && n.forCompensation)
      .map((n) => n.name);
    expect(handlers).toEqual(['Release seats', 'Refund card']);
    expect(sut.graph.boundaries.filter((b) => b.event.type === 'error').map((b) => b.attachedTo)).toEqual([
      't1',
      't2',
    ]);
    expect(sut.graph.nodes.some((n) => n.kind === 'compensationThrow')).toBe(true);
    expect(repairGraph(sut.graph).problems).toEqual([]);
  });

  it('runs chained independent steps in parallel and leaves dependent ones in sequence', () => {
    const sut = parallelize(
      chainGraph('Validate order', 'Send confirmation', 'Update CRM', 'Archive order', 'Ship order'),
    );

    const forks = sut.graph.nodes.filter((n) => n.kind === 'parallelGateway');
    expect(forks).toHaveLength(2);
    const fork = forks.find((n) => n.name === 'Fork');
    expect(sut.graph.flows.filter((f) => f.source === fork?.id).map((f) => f.target)).toEqual([
      't1',
      't2',
      't3',
    ]);
    expect(sut.graph.flows.find((f) => f.source === 't0')?.target).toBe(fork?.id);
    expect(repairGraph(sut.graph).problems).toEqual([]);
  });

  it('applies the selected passes in a fixed order and reports each change', () => {
    const sut = enhance(
      chainGraph('Reserve room', 'Notify guest', 'Update CRM'),
      ['error-boundaries', 'parallelize'],
      OPTIONS,
    );

    expect(sut.changes[0]).toMatch(/^parallelize: /);
    expect(sut.changes.some((c) => c.startsWith('error-boundaries: error boundary on "Notify guest"'))).toBe(
      true,
    );
    expect(sut.changes.some((c) => c.startsWith('compensation'))).toBe(false);
  });
});
