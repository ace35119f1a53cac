import { deriveEventId } from '@flowpilot/shared';
import { CollectorEvents } from '../observability/collector.events';
import type { NodeState, NodeStateStore } from '../persistence/node-state.store';
import type { PollCycleReport } from './poll-cycle';
import { NodePoller } from './node-poller';
import { NodePublisher } from './node-publisher';
import { StateStoreGuard } from './state-store.guard';
import { NodeStatusTracker } from './node-status.tracker';

class MemoryNodeStates implements NodeStateStore {
  states = new Map<string, NodeState>();
  async load(nodeId: string) {
    return (
      this.states.get(nodeId) ?? {
        status: 'unknown' as const,
        transitions: 0,
        engineVersion: null,
        engineFlavour: null,
        schemaVersion: null,
      }
    );
  }
  async save(nodeId: string, state: NodeState) {
    this.states.set(nodeId, state);
  }
}

const report: PollCycleReport = {
  restLatencyMs: 12,
  engine: { version: '7.24.0', flavour: 'camunda7', product: 'Camunda BPM Runtime', schemaVersion: '7.24.0' },
  streams: [],
  snapshots: [],
};

describe('NodePoller', () => {
  let clock: number;
  let states: MemoryNodeStates;
  let published: Array<{ topic: string; payload: unknown; eventId?: string }>;
  let collect: jest.Mock<Promise<PollCycleReport>, []>;
  /** What Kafka does with the next sends: acknowledge, refuse, or hold them until the test releases them. */
  let kafka: 'up' | 'refusing' | 'hanging';
  let releaseHeld: Array<() => void>;
  let events: CollectorEvents;
  let emitted: string[];
  let nodePublisher: NodePublisher;
  let sut: NodePoller;

  const build = () => {
    const publisher = {
      publishMany: jest.fn(
        async (topic: string, items: Array<{ payload: unknown; options?: { eventId?: string } }>) => {
          if (kafka === 'refusing') throw new Error('Connection error');
          if (kafka === 'hanging') await new Promise<void>((resolve) => releaseHeld.push(resolve));
          for (const { payload, options } of items)
            published.push({ topic, payload, eventId: options?.eventId });
          return [];
        },
      ),
    };
    events = new CollectorEvents();
    for (const kind of ['pollFailed', 'publishFailed', 'stateFailed', 'nodeDownUnpublished'] as const)
      events.on(kind, ({ reason }: { reason: string }) => emitted.push(`${kind}: ${reason}`));
    events.on('publishBlocked', ({ reason }) => emitted.push(`publishBlocked: ${reason}`));
    events.on('publishResumed', () => emitted.push('publishResumed'));
    nodePublisher = new NodePublisher('node1', { publishMany: publisher.publishMany }, events, () => clock);
    const status = new NodeStatusTracker(
      { nodeId: 'node1', url: 'http://n1/engine-rest' },
      states,
      nodePublisher,
    );
    return new NodePoller(
      {
        nodeId: 'node1',
        cycle: { run: collect },
        status,
        publisher: nodePublisher,
        stateStore: new StateStoreGuard(),
        events,
      },
      { timeoutMs: 50, failureThreshold: 2, openMs: 1_000 },
      () => clock,
    );
  };
  const statuses = () =>
    published
      .filter((p) => p.topic === 'camunda.node.status.v1')
      .map((p) => (p.payload as { status: string }).status);

  beforeEach(() => {
    clock = 0;
    states = new MemoryNodeStates();
    published = [];
    kafka = 'up';
    releaseHeld = [];
    emitted = [];
    collect = jest.fn(async () => report);
    sut = build();
  });

  it('publishes up once for a node seen for the first time, with its engine version once', async () => {
    await sut.poll();
    await sut.poll();

    expect(statuses()).toEqual(['up']);
    expect(published.filter((p) => p.topic === 'camunda.engine.version.v1')).toHaveLength(1);
    expect(published[1]).toMatchObject({
      payload: { previousStatus: 'unknown', restLatencyMs: 12 },
      // The engine-version change was the node's first published change, this "up" its second.
      eventId: deriveEventId('node1', 'node-status', '2'),
    });
  });

  it('publishes down when the circuit opens, skips cycles while open, and up after a successful probe', async () => {
    await sut.poll();
    collect.mockRejectedValue(new Error('ECONNREFUSED'));

    const failures = [await sut.poll(), await sut.poll()];
    const whileOpen = await sut.poll();
    clock += 1_000;
    collect.mockResolvedValue(report);
    const probe = await sut.poll();

    expect(failures.map((f) => f.outcome)).toEqual(['failed', 'failed']);
    expect(whileOpen).toEqual({ nodeId: 'node1', outcome: 'skipped', reason: 'circuit-open' });
    expect(probe.outcome).toBe('ok');
    expect(statuses()).toEqual(['up', 'down', 'up']);
    expect(
      published.find((p) => (p.payload as { status?: string }).status === 'down')?.payload,
    ).toMatchObject({ reason: 'ECONNREFUSED', previousStatus: 'up' });
  });

  it('fails a cycle that outlives its timeout and does not start another while it still runs', async () => {
    let finish: (r: PollCycleReport) => void = () => undefined;
    collect.mockImplementation(() => new Promise((resolve) => (finish = resolve)));

    const slow = await sut.poll();
    const meanwhile = await sut.poll();
    finish(report);
    await new Promise((resolve) => setImmediate(resolve));
    collect.mockResolvedValue(report);
    const after = await sut.poll();

    expect(slow).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/longer than 50 ms/) });
    expect(meanwhile).toMatchObject({ outcome: 'skipped', reason: 'in-flight' });
    expect(after.outcome).toBe('ok');
  });

  it('publishes nothing after a restart when the node is as it was', async () => {
    await sut.poll();
    const restarted = build();

    await restarted.poll();

    expect(statuses()).toEqual(['up']);
  });

  describe('a cycle that times out with a publish in flight', () => {
    const publishVersion = () =>
      nodePublisher.publish('camunda.engine.version.v1', {
        version: '7.25.0',
        previousVersion: '7.24.0',
        observedAt: new Date(0).toISOString(),
      });
    const release = async () => {
      for (const ack of releaseHeld.splice(0)) ack();
      await sut.settled();
    };

    it('is the engine’s failure when the reads used up the cycle and the publish had just started', async () => {
      await sut.poll();
      kafka = 'hanging';
      collect.mockImplementation(async () => {
        clock += 45; // slow engine reads: 45 of the 50 ms
        await publishVersion();
        return report;
      });

      const outcome = await sut.poll();
      const blockedBy = nodePublisher.blockedBy;
      await release();

      expect(outcome).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(/longer than 50 ms/),
      });
      expect(sut.breaker.failures).toBe(1);
      expect(blockedBy).toBeNull();
    });

    it('is Kafka’s when the publish had been waiting a meaningful share of the cycle', async () => {
      await sut.poll();
      kafka = 'hanging';
      collect.mockImplementation(async () => {
        const publishing = publishVersion();
        clock += 45; // the publish waits 45 of the 50 ms
        await publishing;
        return report;
      });

      const outcome = await sut.poll();
      const blockedBy = nodePublisher.blockedBy;
      await release();

      expect(outcome.outcome).toBe('publish-failed');
      expect(sut.breaker.failures).toBe(0);
      expect(blockedBy).toMatch(/longer than 50 ms/);
    });
  });

  it('reports a node-down it could not publish once, without counting a second failed cycle', async () => {
    await sut.poll();
    collect.mockRejectedValue(new Error('ECONNREFUSED'));
    kafka = 'refusing';

    const outcomes = [await sut.poll(), await sut.poll()];

    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    expect(sut.breaker.state).toBe('open');
    const unpublished = 'node-down not published: publish to camunda.node.status.v1 failed: Connection error';
    expect(emitted).toEqual([
      'pollFailed: ECONNREFUSED',
      'pollFailed: ECONNREFUSED',
      `publishBlocked: ${unpublished}`,
      `nodeDownUnpublished: ${unpublished}`,
    ]);
  });

  it('clears a Kafka block when a cycle ends ok, even one with nothing to publish', async () => {
    await sut.poll();
    nodePublisher.block('publish to camunda.process.completed.v1 failed: Connection error');
    const publishesBefore = published.length;

    const outcome = await sut.poll();

    expect(outcome.outcome).toBe('ok');
    expect(published).toHaveLength(publishesBefore);
    expect(nodePublisher.blockedBy).toBeNull();
    expect(emitted.at(-1)).toBe('publishResumed');
  });

  it('keeps the Kafka block when a cycle ends ok but one of its publishes failed', async () => {
    await sut.poll();
    nodePublisher.block('publish to camunda.process.completed.v1 failed: Connection error');
    kafka = 'refusing';
    collect.mockImplementation(async () => {
      // A snapshot's failed publish is reported in the cycle, not thrown: the cycle still ends ok.
      const error = await nodePublisher
        .publish('camunda.engine.version.v1', {
          version: '7.25.0',
          previousVersion: '7.24.0',
          observedAt: new Date(0).toISOString(),
        })
        .then(
          () => null,
          (e: unknown) => String(e),
        );
      return { ...report, snapshots: [{ kind: 'engine-metrics', error }] };
    });

    const outcome = await sut.poll();

    expect(outcome.outcome).toBe('ok');
    expect(nodePublisher.blockedBy).not.toBeNull();
  });
});
