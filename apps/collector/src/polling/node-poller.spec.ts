import { deriveEventId } from '@flowpilot/shared';
import { CollectorEvents } from '../observability/collector-events';
import type { NodeState, NodeStateStore } from '../persistence/node-state.store';
import type { NodeCollector, NodeCycleReport } from './node-collector';
import { NodePoller } from './node-poller';
import { NodePublisher } from './node-publisher';
import { StateStoreGuard } from './state-store.guard';
import { NodeStatusTracker } from './node-status.tracker';

class MemoryNodeStates implements NodeStateStore {
  states = new Map<string, NodeState>();
  async load(node: string) {
    return this.states.get(node) ?? { status: 'unknown' as const, transitions: 0, engineVersion: null };
  }
  async save(node: string, state: NodeState) {
    this.states.set(node, state);
  }
}

const report: NodeCycleReport = { restLatencyMs: 12, engineVersion: '7.24.0', streams: [], snapshots: [] };

describe('NodePoller', () => {
  let clock: number;
  let states: MemoryNodeStates;
  let published: Array<{ topic: string; payload: unknown; eventId?: string }>;
  let collect: jest.Mock<Promise<NodeCycleReport>, []>;
  let sut: NodePoller;

  const build = () => {
    const publisher = {
      publishMany: jest.fn(
        async (topic: string, items: Array<{ payload: unknown; options?: { eventId?: string } }>) => {
          for (const { payload, options } of items)
            published.push({ topic, payload, eventId: options?.eventId });
          return [];
        },
      ),
    };
    const collector = { collect, api: { nodeName: 'node1' } } as unknown as NodeCollector;
    const events = new CollectorEvents();
    const nodePublisher = new NodePublisher('node1', { publishMany: publisher.publishMany }, events);
    const status = new NodeStatusTracker(
      { name: 'node1', url: 'http://n1/engine-rest' },
      states,
      nodePublisher,
    );
    return new NodePoller(
      collector,
      status,
      nodePublisher,
      new StateStoreGuard(),
      events,
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
    expect(whileOpen).toEqual({ node: 'node1', outcome: 'skipped', reason: 'circuit-open' });
    expect(probe.outcome).toBe('ok');
    expect(statuses()).toEqual(['up', 'down', 'up']);
    expect(
      published.find((p) => (p.payload as { status?: string }).status === 'down')?.payload,
    ).toMatchObject({ reason: 'ECONNREFUSED', previousStatus: 'up' });
  });

  it('fails a cycle that outlives its timeout and does not start another while it still runs', async () => {
    let finish: (r: NodeCycleReport) => void = () => undefined;
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
});
