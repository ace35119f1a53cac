import { scopeEventNames, startMessageOf } from './event-scope';
import { ProcessGraph } from '../graph/process-graph';

const graph = (processId: string): ProcessGraph => ({
  processId,
  name: 'Refunds',
  nodes: [
    {
      id: 'start',
      kind: 'start',
      name: 'Refund asked',
      trigger: { type: 'message', message: 'RefundAsked' },
    },
    { id: 'wait', kind: 'messageCatch', name: 'Wait for approval', message: 'Approval' },
    { id: 'pay', kind: 'serviceTask', name: 'Pay refund', topic: 'pay-refund' },
    { id: 'end', kind: 'end', name: 'Done', result: { type: 'error', code: 'pay-refund-failed' } },
  ],
  flows: [],
  boundaries: [
    {
      id: 'b1',
      name: 'Cancelled',
      attachedTo: 'pay',
      event: { type: 'message', message: 'Cancel', interrupting: true },
    },
    { id: 'b2', name: 'Failed', attachedTo: 'pay', event: { type: 'error', code: 'pay-refund-failed' } },
  ],
});

describe('scopeEventNames', () => {
  it('prefixes every message name with the process id, once, and leaves error codes as workers throw them', () => {
    const sut = scopeEventNames(scopeEventNames(graph('Refunds_1a2b3c4d')));

    expect(startMessageOf(sut)).toBe('Refunds_1a2b3c4d.RefundAsked');
    expect(sut.nodes[1]).toMatchObject({ message: 'Refunds_1a2b3c4d.Approval' });
    expect(sut.boundaries[0].event).toMatchObject({ message: 'Refunds_1a2b3c4d.Cancel' });
    expect(sut.boundaries[1].event).toEqual({ type: 'error', code: 'pay-refund-failed' });
    expect(sut.nodes[3]).toMatchObject({ result: { code: 'pay-refund-failed' } });
  });

  it('gives two models of the same text different message names', () => {
    expect(startMessageOf(scopeEventNames(graph('Refunds_aaaa1111')))).not.toBe(
      startMessageOf(scopeEventNames(graph('Refunds_bbbb2222'))),
    );
  });
});
