import { deriveEventId, PublishItem, TopicName } from '@flowpilot/shared';
import { InMemoryFactSource, processStarted } from '@flowpilot/shared/testing';
import { CollectorEvents } from '../observability/collector.events';
import type { NodeState, NodeStateStore } from '../persistence/node-state.store';
import type { FactStream } from '../streams/fact-stream';
import { IncrementalStreamRunner } from '../streams/incremental-stream.runner';
import { MemoryWatermarks } from '../testing/memory-watermarks';
import { PollCycle } from './poll-cycle';
import { NodePoller, PollOutcome } from './node-poller';
import { NodePublisher } from './node-publisher';
import { NodeStatusTracker } from './node-status.tracker';
import { StateStoreGuard } from './state-store.guard';

type Topic = 'camunda.process.started.v1';
const STREAM = 'process-started';
const NODE = 'node1';
const TIMEOUT_MS = 40;
const THRESHOLD = 2;

class MemoryNodeStates implements NodeStateStore {
  state: NodeState = {
    status: 'unknown',
    transitions: 0,
    engineVersion: null,
    engineFlavour: null,
    schemaVersion: null,
  };
  async load() {
    return this.state;
  }
  async save(_nodeId: string, state: NodeState) {
    this.state = state;
  }
}

/**
 * A broker that can go away. While it is down a send either fails at once, or hangs until the broker is
 * back (then it is acknowledged) or until the client gives up (like kafkajs after its retries).
 */
class FakeKafka {
  mode: 'up' | 'refusing' | 'hanging' = 'up';
  acknowledged: Array<{ topic: string; eventId: string }> = [];
  private waiting: Array<{ ack: () => void; giveUp: () => void }> = [];

  async publishMany<T extends TopicName>(topic: T, items: PublishItem<T>[]) {
    if (this.mode === 'refusing') throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    if (this.mode === 'hanging') {
      await new Promise<void>((resolve, reject) => {
        this.waiting.push({ ack: resolve, giveUp: () => reject(new Error('Request timed out')) });
      });
    }
    for (const item of items) this.acknowledged.push({ topic, eventId: item.options?.eventId ?? '' });
    return [];
  }

  /** The client stops retrying the sends under way. */
  giveUpWaiting(): void {
    for (const send of this.waiting.splice(0)) send.giveUp();
  }

  back(): void {
    this.mode = 'up';
    for (const send of this.waiting.splice(0)) send.ack();
  }

  eventIds(topic: string): string[] {
    return this.acknowledged.filter((a) => a.topic === topic).map((a) => a.eventId);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('NodePoller during a Kafka outage (the engine stays healthy)', () => {
  let kafka: FakeKafka;
  /** A healthy engine's history table: every read answers at once. */
  let table: InMemoryFactSource<Topic>;
  let watermarks: MemoryWatermarks;
  let poller: NodePoller;
  let events: CollectorEvents;
  let collected: Array<{ kind: string; nodeId: string }>;

  beforeEach(() => {
    kafka = new FakeKafka();
    table = new InMemoryFactSource('camunda.process.started.v1', (id, startedAt) =>
      processStarted({ processInstanceId: id, startedAt }),
    );
    watermarks = new MemoryWatermarks();
    events = new CollectorEvents();
    collected = [];
    events.on('pollFailed', ({ nodeId }) => collected.push({ kind: 'pollFailed', nodeId }));
    events.on('publishFailed', ({ nodeId }) => collected.push({ kind: 'publishFailed', nodeId }));
    events.on('stateFailed', ({ nodeId }) => collected.push({ kind: 'stateFailed', nodeId }));
    events.on('publishBlocked', ({ nodeId }) => collected.push({ kind: 'publishBlocked', nodeId }));
    events.on('publishResumed', ({ nodeId }) => collected.push({ kind: 'publishResumed', nodeId }));
    const publisher = new NodePublisher(NODE, kafka, events);
    const stateStore = new StateStoreGuard();
    const runner = new IncrementalStreamRunner(stateStore.wrap(watermarks, 'watermarks'), publisher, {
      pageSize: 10,
      maxPages: 5,
      overlapMs: 1_000,
      initialBackfillMs: 3_600_000,
      now: () => Date.parse('2026-11-22T12:00:00.000Z'),
    });
    const stream: FactStream<Topic> = { name: STREAM, topic: 'camunda.process.started.v1', source: table };
    const cycle = new PollCycle({
      nodeId: NODE,
      api: { version: async () => '7.24.0' },
      streams: [stream],
      runner,
      snapshots: [],
      identity: {
        identify: async (version) => ({ version, flavour: 'camunda7', product: null, schemaVersion: null }),
      },
      streamBudgetMs: 60_000,
    });
    const status = new NodeStatusTracker(
      { nodeId: NODE, url: 'http://n1' },
      stateStore.wrap(new MemoryNodeStates(), 'node states'),
      publisher,
    );
    poller = new NodePoller(
      { nodeId: NODE, cycle, status, publisher, stateStore, events },
      {
        timeoutMs: TIMEOUT_MS,
        failureThreshold: THRESHOLD,
        // Longer than the test: an opened circuit would stay open and show in the outcomes.
        openMs: 600_000,
      },
    );
    table.insert('before', '2026-11-22T11:59:00.000000');
  });

  const mark = () => watermarks.markOf(NODE, STREAM)?.cursor;
  const statuses = () => kafka.eventIds('camunda.node.status.v1');
  const factIds = () => kafka.eventIds('camunda.process.started.v1');

  it('a publish that is refused stops the cycle without counting against the node, and is retried', async () => {
    expect((await poller.poll()).outcome).toBe('ok');
    const markBefore = mark();
    table.insert('during-1', '2026-11-22T11:59:10.000000');
    table.insert('during-2', '2026-11-22T11:59:20.000000');
    kafka.mode = 'refusing';

    const duringOutage: PollOutcome[] = [];
    for (let cycle = 0; cycle < THRESHOLD * 3; cycle++) duringOutage.push(await poller.poll());

    expect(duringOutage.map((o) => o.outcome)).toEqual(Array(THRESHOLD * 3).fill('publish-failed'));
    expect(poller.breaker.failures).toBe(0);
    expect(poller.breaker.state).toBe('closed');
    expect(poller.lastFailure).toBeNull();
    expect(mark()).toEqual(markBefore);
    expect(collected.filter((e) => e.kind === 'pollFailed')).toEqual([]);
    expect(collected.filter((e) => e.kind === 'publishBlocked')).toHaveLength(1);

    kafka.back();
    expect((await poller.poll()).outcome).toBe('ok');

    expect(statuses()).toHaveLength(1); // the start-up "up", nothing else
    expect(factIds()).toEqual(
      ['before', 'during-1', 'during-2'].map((id) => deriveEventId(NODE, STREAM, id)),
    );
    expect(mark()).toEqual({ ts: '2026-11-22T11:59:20.000000', id: 'during-2' });
    expect(collected.at(-1)).toEqual({ kind: 'publishResumed', nodeId: NODE });
  });

  it('a publish that hangs past the cycle timeout is not a node failure, and no node-down follows', async () => {
    expect((await poller.poll()).outcome).toBe('ok');
    const markBefore = mark();
    table.insert('during', '2026-11-22T11:59:10.000000');
    kafka.mode = 'hanging';

    const duringOutage: PollOutcome[] = [];
    for (let round = 0; round < THRESHOLD * 2; round++) {
      duringOutage.push(await poller.poll()); // hangs on the publish until the timeout
      duringOutage.push(await poller.poll()); // the hung cycle is still under way
      kafka.giveUpWaiting();
      await poller.settled();
      await settle();
    }

    expect(duringOutage.map((o) => o.outcome)).toEqual(
      Array(THRESHOLD * 2)
        .fill(['publish-failed', 'skipped'])
        .flat(),
    );
    expect(duringOutage[0]).toMatchObject({ reason: expect.stringMatching(/longer than 40 ms/) });
    expect(poller.breaker.failures).toBe(0);
    expect(poller.breaker.state).toBe('closed');
    expect(mark()).toEqual(markBefore);
    expect(collected.filter((e) => e.kind === 'pollFailed')).toEqual([]);

    kafka.back();
    const afterOutage = await poller.poll();

    expect(afterOutage.outcome).toBe('ok');
    expect(statuses()).toHaveLength(1);
    expect(factIds()).toEqual([deriveEventId(NODE, STREAM, 'before'), deriveEventId(NODE, STREAM, 'during')]);
    expect(mark()).toEqual({ ts: '2026-11-22T11:59:10.000000', id: 'during' });
  });

  it('a hung publish that Kafka acknowledges late moves the mark then, and only then', async () => {
    expect((await poller.poll()).outcome).toBe('ok');
    table.insert('late', '2026-11-22T11:59:10.000000');
    kafka.mode = 'hanging';

    const stalled = await poller.poll();
    const markWhileHung = mark();
    kafka.back();
    await poller.settled();

    expect(stalled.outcome).toBe('publish-failed');
    expect(markWhileHung).toEqual({ ts: '2026-11-22T11:59:00.000000', id: 'before' });
    expect(mark()).toEqual({ ts: '2026-11-22T11:59:10.000000', id: 'late' });
    expect(factIds()).toEqual([deriveEventId(NODE, STREAM, 'before'), deriveEventId(NODE, STREAM, 'late')]);
    expect((await poller.poll()).outcome).toBe('ok');
    expect(factIds()).toHaveLength(2);
  });

  it('still counts an engine failure against the node while Kafka is down', async () => {
    expect((await poller.poll()).outcome).toBe('ok');
    table.insert('during', '2026-11-22T11:59:10.000000');
    kafka.mode = 'refusing';
    jest.spyOn(table, 'fetch').mockRejectedValue(new Error('ECONNREFUSED engine database'));

    const outcomes = [await poller.poll(), await poller.poll()];

    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    expect(poller.breaker.state).toBe('open');
  });

  it("does not hold the collector's own database against the node either (refused or hung)", async () => {
    expect((await poller.poll()).outcome).toBe('ok');
    table.insert('during', '2026-11-22T11:59:10.000000');
    const commit = jest.spyOn(watermarks, 'commit');
    commit.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));

    const refused = [];
    for (let cycle = 0; cycle < THRESHOLD * 2; cycle++) refused.push(await poller.poll());
    let release: () => void = () => undefined;
    commit.mockImplementation(() => new Promise((resolve) => (release = () => resolve())));
    const hung = await poller.poll();
    commit.mockRestore();
    release();
    await poller.settled();

    expect(refused.map((o) => o.outcome)).toEqual(Array(THRESHOLD * 2).fill('state-failed'));
    expect(refused[0]).toMatchObject({ reason: expect.stringMatching(/watermarks\.commit.*ECONNREFUSED/) });
    expect(hung.outcome).toBe('state-failed');
    expect(poller.breaker.failures).toBe(0);
    expect(poller.breaker.state).toBe('closed');
    expect(collected.filter((e) => e.kind === 'pollFailed')).toEqual([]);
    expect((await poller.poll()).outcome).toBe('ok');
    expect(statuses()).toHaveLength(1);
    expect(factIds()).toContain(deriveEventId(NODE, STREAM, 'during'));
  });
});
