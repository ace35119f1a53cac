import { HealthRegistry } from '@flowpilot/shared';
import type { PollOutcome } from './node-poller';
import { PollScheduler, ScheduledNode } from './poll-scheduler.service';

/** A scheduler over nodes whose cycles `poll` answers; the pollers are fakes, so no engine is touched. */
function schedulerOf(
  nodeIds: string[],
  poll: (nodeId: string) => Promise<PollOutcome>,
  intervalMs: number,
): PollScheduler {
  const node = (nodeId: string): ScheduledNode => ({
    poller: {
      nodeId,
      poll: () => poll(nodeId),
      settled: async () => undefined,
      breaker: { state: 'closed' },
      lastFailure: null,
    },
    publisher: { nodeId, blockedBy: null },
    engine: { database: null },
  });
  const sut = new PollScheduler(
    { intervalMs, nodeTimeoutMs: 1_000, circuitFailureThreshold: 3, circuitOpenMs: 1_000, runTimers: true },
    { nodes: nodeIds.map((name, i) => ({ index: i + 1, name, url: `http://${name}/engine-rest` })) },
    { create: ({ name }) => node(name) },
    new HealthRegistry(),
    { forContext: () => ({ warn: () => undefined }) },
  );
  sut.onModuleInit();
  return sut;
}

describe('PollScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const ok = (nodeId: string, truncated: boolean): PollOutcome => ({
    nodeId,
    outcome: 'ok',
    report: {
      restLatencyMs: 1,
      engine: { version: '7.24.0', flavour: 'camunda7', product: null, schemaVersion: null },
      snapshots: [],
      streams: [{ stream: 's', topic: 't', read: 1, published: 1, truncated }],
    },
  });

  async function flush(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }

  it('polls each node on its own timer: a hung node does not hold the others back', async () => {
    const polls: string[] = [];
    const sut = schedulerOf(
      ['fast', 'hung'],
      (nodeId) => {
        polls.push(nodeId);
        return nodeId === 'hung'
          ? new Promise<PollOutcome>(() => undefined)
          : Promise.resolve(ok(nodeId, false));
      },
      1_000,
    );

    sut.onApplicationBootstrap();
    for (let i = 0; i < 3; i++) {
      jest.advanceTimersByTime(1_000);
      await flush();
    }

    expect(polls.filter((n) => n === 'fast').length).toBeGreaterThanOrEqual(3);
    expect(polls.filter((n) => n === 'hung')).toHaveLength(1);
  });

  it('keeps polling a node whose cycle rejected or threw', async () => {
    let calls = 0;
    const sut = schedulerOf(
      ['node1'],
      (nodeId) => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('state store unreachable'));
        if (calls === 2) throw new Error('thrown before any promise');
        return Promise.resolve(ok(nodeId, false));
      },
      1_000,
    );
    sut.onApplicationBootstrap();
    for (let i = 0; i < 4; i++) {
      jest.advanceTimersByTime(1_000);
      await flush();
    }
    expect(calls).toBeGreaterThanOrEqual(4);
    await sut.onApplicationShutdown();
  });

  it('starts the next cycle at once while a stream has rows left for later', async () => {
    let backlog = 2;
    const polls: number[] = [];
    const sut = schedulerOf(
      ['node1'],
      async (nodeId) => {
        polls.push(Date.now());
        return ok(nodeId, backlog-- > 0);
      },
      5_000,
    );

    sut.onApplicationBootstrap();
    for (let i = 0; i < 4; i++) {
      jest.advanceTimersByTime(0);
      await flush();
    }

    expect(polls).toHaveLength(3);
    await sut.onApplicationShutdown();
  });
});
