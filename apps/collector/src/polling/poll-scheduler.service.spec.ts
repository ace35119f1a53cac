import type { CollectorConfig } from '../collector.config';
import type { CollectionService } from './collection.service';
import type { PollOutcome } from './node-poller';
import { PollScheduler } from './poll-scheduler.service';

describe('PollScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const ok = (node: string, truncated: boolean): PollOutcome => ({
    node,
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
    const collection = {
      nodeNames: ['fast', 'hung'],
      collectNode: (node: string) => {
        polls.push(node);
        return node === 'hung' ? new Promise<PollOutcome>(() => undefined) : Promise.resolve(ok(node, false));
      },
    } as unknown as CollectionService;
    const sut = new PollScheduler({ POLL_INTERVAL_MS: 1_000 } as CollectorConfig, collection);

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
    const collection = {
      nodeNames: ['node1'],
      collectNode: (node: string) => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('state store unreachable'));
        if (calls === 2) throw new Error('thrown before any promise');
        return Promise.resolve(ok(node, false));
      },
    } as unknown as CollectionService;
    const sut = new PollScheduler({ POLL_INTERVAL_MS: 1_000 } as CollectorConfig, collection);
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
    const collection = {
      nodeNames: ['node1'],
      collectNode: async (node: string) => {
        polls.push(Date.now());
        return ok(node, backlog-- > 0);
      },
    } as unknown as CollectionService;
    const sut = new PollScheduler({ POLL_INTERVAL_MS: 5_000 } as CollectorConfig, collection);

    sut.onApplicationBootstrap();
    for (let i = 0; i < 4; i++) {
      jest.advanceTimersByTime(0);
      await flush();
    }

    expect(polls).toHaveLength(3);
    await sut.onApplicationShutdown();
  });
});
