import { requireNodeId } from '@flowpilot/shared';
import type { Envelope } from '@flowpilot/shared';
import { outboundEvent } from './outbound-event.util';

const envelope = (
  nodeId: string | null,
): Envelope<{ incidentId: string; processDefinitionKey: string | null }> => ({
  eventId: '3c2b1a09-8f7e-4d6c-8b5a-493827160504',
  type: 'incident.analysis',
  version: 1,
  occurredAt: '2026-11-22T05:01:13.000Z',
  source: 'incident-ai',
  nodeId,
  trace: { correlationId: 'c-1' },
  payload: { incidentId: 'i-1', processDefinitionKey: 'invoice' },
});

describe('outboundEvent', () => {
  it('builds the versioned webhook body: source event id, public type, payload with the node', () => {
    const sut = outboundEvent(envelope('node1'), 'incident.analyzed', { processDefinitionKey: 'invoice' });

    expect(sut).toEqual({
      body: {
        id: '3c2b1a09-8f7e-4d6c-8b5a-493827160504',
        type: 'incident.analyzed',
        version: 1,
        occurredAt: '2026-11-22T05:01:13.000Z',
        data: { incidentId: 'i-1', processDefinitionKey: 'invoice', nodeId: 'node1' },
      },
      nodeId: 'node1',
      processDefinitionKey: 'invoice',
    });
  });

  it('leaves process filters out for events that are not about a process', () => {
    expect(outboundEvent(envelope('node1'), 'node.down')).not.toHaveProperty('processDefinitionKey');
    expect(
      outboundEvent(envelope('node1'), 'incident.opened', { processDefinitionKey: null }),
    ).toHaveProperty('processDefinitionKey', null);
  });

  it('refuses a Camunda fact without a node (it goes to the dead-letter topic)', () => {
    expect(requireNodeId(envelope('node2'))).toBe('node2');
    expect(() => requireNodeId(envelope(null))).toThrow('carries no nodeId');
  });
});
