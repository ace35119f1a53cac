import type { NodeStatus } from '../contracts/camunda-facts.contract';
import { RecordingPublisher } from './recording-publisher';

describe('RecordingPublisher', () => {
  const payload: NodeStatus = {
    nodeName: 'node1',
    url: 'http://127.0.0.1:8080/engine-rest',
    status: 'down',
    previousStatus: 'up',
    restLatencyMs: null,
    reason: 'ECONNREFUSED',
    engineVersion: null,
  };

  it('keeps what was published, with the ids and node the caller gave', async () => {
    const sut = new RecordingPublisher();
    const envelope = await sut.publish('camunda.node.status.v1', payload, {
      eventId: 'e-1',
      nodeId: 'node1',
    });
    expect(envelope.eventId).toBe('e-1');
    expect(sut.eventsOf('camunda.node.status.v1')).toEqual([
      expect.objectContaining({ eventId: 'e-1', nodeId: 'node1', payload }),
    ]);
    expect(sut.payloadsOf('camunda.incident.opened.v1')).toEqual([]);
    expect(sut.batchSizes).toEqual([1]);
  });

  it('rejects every send while failing, and records nothing', async () => {
    const sut = new RecordingPublisher();
    sut.failWith(new Error('broker down'));
    await expect(sut.publishMany('camunda.node.status.v1', [{ payload }])).rejects.toThrow('broker down');
    expect(sut.published).toEqual([]);
    sut.recover();
    await sut.publishMany('camunda.node.status.v1', [{ payload }, { payload }]);
    expect(sut.batchSizes).toEqual([2]);
  });
});
