import { CollectorEvents } from '../observability/collector.events';
import { NodePublisher, PublishFailedError } from './node-publisher';

const fact = {
  version: '7.24.0',
  previousVersion: null,
  observedAt: new Date(0).toISOString(),
};

describe('NodePublisher', () => {
  let kafka: { publishMany: jest.Mock };
  let events: CollectorEvents;
  let emitted: string[];
  let sut: NodePublisher;

  beforeEach(() => {
    kafka = { publishMany: jest.fn(async () => []) };
    events = new CollectorEvents();
    emitted = [];
    events.on('publishBlocked', ({ nodeId, reason }) => emitted.push(`blocked ${nodeId}: ${reason}`));
    events.on('publishResumed', ({ nodeId }) => emitted.push(`resumed ${nodeId}`));
    sut = new NodePublisher('node1', kafka, events);
  });

  it('tells whether a publish is waiting for Kafka', async () => {
    let ack: () => void = () => undefined;
    kafka.publishMany.mockImplementation(() => new Promise<[]>((resolve) => (ack = () => resolve([]))));

    const publishing = sut.publish('camunda.engine.version.v1', fact);
    const whileWaiting = sut.publishing;
    ack();
    await publishing;

    expect(whileWaiting).toBe(true);
    expect(sut.publishing).toBe(false);
  });

  it('turns a refused publish into a PublishFailedError naming the topic', async () => {
    kafka.publishMany.mockRejectedValue(new Error('Connection error'));

    const error: unknown = await sut.publish('camunda.engine.version.v1', fact).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PublishFailedError);
    expect((error as Error).message).toBe('publish to camunda.engine.version.v1 failed: Connection error');
    expect(sut.publishing).toBe(false);
  });

  it('stays blocked until a publish is acknowledged, announcing each change once', async () => {
    sut.block('first');
    sut.block('second');
    const blockedBy = sut.blockedBy;
    await sut.publish('camunda.engine.version.v1', fact);
    await sut.publish('camunda.engine.version.v1', fact);

    expect(blockedBy).toBe('second');
    expect(sut.blockedBy).toBeNull();
    expect(emitted).toEqual(['blocked node1: first', 'resumed node1']);
  });
});
