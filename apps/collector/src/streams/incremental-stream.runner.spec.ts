import { deriveEventId } from '@flowpilot/shared';
import {
  InMemoryFactSource,
  KeyedInMemoryFactSource,
  processStarted,
  RecordingPublisher,
} from '@flowpilot/shared/testing';
import { MemoryWatermarks } from '../testing/memory-watermarks';
import type { FactStream } from './fact-stream';
import { IncrementalStreamRunner } from './incremental-stream.runner';

type Topic = 'camunda.process.started.v1';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const TOPIC: Topic = 'camunda.process.started.v1';
const startedPayload = (id: string, startedAt: string) =>
  processStarted({ processInstanceId: id, startedAt });

describe('IncrementalStreamRunner', () => {
  let store: MemoryWatermarks;
  let table: InMemoryFactSource<Topic>;
  let publisher: RecordingPublisher;
  let stream: FactStream<Topic>;
  const runner = (maxPages = 10) =>
    new IncrementalStreamRunner(store, publisher, {
      pageSize: 2,
      maxPages,
      overlapMs: 60_000,
      initialBackfillMs: 3_600_000,
      now: () => NOW,
    });

  /** The rows behind the published facts, by process instance id. */
  const publishedRowIds = () => publisher.payloadsOf(TOPIC).map((payload) => payload.processInstanceId);

  beforeEach(() => {
    store = new MemoryWatermarks();
    table = new InMemoryFactSource(TOPIC, startedPayload);
    publisher = new RecordingPublisher();
    stream = { name: 'process-started', topic: 'camunda.process.started.v1', source: table };
  });

  it('publishes every row inside the backfill window once, with ids derived from node, stream and row', async () => {
    table.insert('old', '2026-11-22T10:59:59.999000');
    for (const id of ['a', 'b', 'c']) table.insert(id, '2026-11-22T11:30:00.000000');
    table.insert('d', '2026-11-22T11:30:01.000000');

    const result = await runner().run('node1', stream);

    expect(publishedRowIds()).toEqual(['a', 'b', 'c', 'd']);
    expect(publisher.published[0]).toMatchObject({
      topic: 'camunda.process.started.v1',
      eventId: deriveEventId('node1', 'process-started', 'a'),
      payload: { processInstanceId: 'a' },
    });
    expect(result).toEqual({ stream: 'process-started', read: 4, published: 4, truncated: false });
    expect(store.markOf('node1', 'process-started')?.cursor).toEqual({
      ts: '2026-11-22T11:30:01.000000',
      id: 'd',
    });
  });

  it('publishes nothing again after a restart (a new runner on the same store), then only the new rows', async () => {
    for (const id of ['a', 'b', 'c']) table.insert(id, '2026-11-22T11:30:00.000000');
    await runner().run('node1', stream);

    const again = await runner().run('node1', stream);
    table.insert('e', '2026-11-22T11:31:00.000000');
    await runner().run('node1', stream);

    expect(again.published).toBe(0);
    expect(publishedRowIds()).toEqual(['a', 'b', 'c', 'e']);
  });

  it('publishes a row committed late with an earlier timestamp when it falls in the overlap window', async () => {
    table.insert('a', '2026-11-22T11:30:00.000000');
    table.insert('b', '2026-11-22T11:30:30.000000');
    await runner().run('node1', stream);

    table.insert('late', '2026-11-22T11:29:45.000000');
    table.insert('too-late', '2026-11-22T11:29:00.000000');
    await runner().run('node1', stream);

    expect(publishedRowIds()).toEqual(['a', 'b', 'late']);
    expect(store.markOf('node1', 'process-started')?.cursor).toEqual({
      ts: '2026-11-22T11:30:30.000000',
      id: 'b',
    });
  });

  it('stops at the page budget and goes on from the mark in the next run', async () => {
    for (let i = 0; i < 5; i++) table.insert(`r${i}`, `2026-11-22T11:3${i}:00.000000`);

    const first = await runner(1).run('node1', stream);
    const second = await runner(1).run('node1', stream);
    const third = await runner(1).run('node1', stream);

    expect([first.truncated, second.truncated, third.truncated]).toEqual([true, true, false]);
    expect(publishedRowIds()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('starts no further page after the deadline, and goes on in the next run', async () => {
    for (let i = 0; i < 5; i++) table.insert(`r${i}`, `2026-11-22T11:3${i}:00.000000`);

    const first = await runner().run('node1', stream, NOW - 1);
    await runner().run('node1', stream);

    expect(first).toMatchObject({ published: 2, truncated: true });
    expect(publishedRowIds()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('re-publishes the same event ids when the mark could not be saved after publishing', async () => {
    table.insert('a', '2026-11-22T11:30:00.000000');
    store.failNextCommitWith(new Error('database went away'));

    await expect(runner().run('node1', stream)).rejects.toThrow('database went away');
    await runner().run('node1', stream);

    expect(publisher.published.map((event) => event.eventId)).toEqual([
      deriveEventId('node1', 'process-started', 'a'),
      deriveEventId('node1', 'process-started', 'a'),
    ]);
    expect(store.markOf('node1', 'process-started')?.cursor?.id).toBe('a');
  });

  it('saves the starting point of a new stream even when it finds nothing, so later rows are not skipped', async () => {
    let now = NOW;
    const sut = new IncrementalStreamRunner(store, publisher, {
      pageSize: 2,
      maxPages: 10,
      overlapMs: 0,
      initialBackfillMs: 0,
      now: () => now,
    });

    await sut.run('node1', stream);
    table.insert('a', '2026-11-22T12:00:01.000000');
    now += 5_000;
    await sut.run('node1', stream);

    expect(publishedRowIds()).toEqual(['a']);
  });

  it('keeps the marks of different nodes apart', async () => {
    table.insert('a', '2026-11-22T11:30:00.000000');

    await runner().run('node1', stream);
    await runner().run('node2', stream);

    expect(publisher.published.map((event) => event.eventId)).toEqual([
      deriveEventId('node1', 'process-started', 'a'),
      deriveEventId('node2', 'process-started', 'a'),
    ]);
  });

  it('re-reads the late-commit window by position only, fetching whole rows just for the late ones', async () => {
    const keyed = new KeyedInMemoryFactSource(TOPIC, startedPayload);
    stream = { ...stream, source: keyed };
    keyed.insert('a', '2026-11-22T11:30:00.000000');
    keyed.insert('b', '2026-11-22T11:30:30.000000');
    await runner().run('node1', stream);
    await runner().run('node1', stream);

    keyed.insert('late2', '2026-11-22T11:29:50.000000');
    keyed.insert('late1', '2026-11-22T11:29:45.000000');
    await runner().run('node1', stream);

    expect(publishedRowIds()).toEqual(['a', 'b', 'late1', 'late2']);
    expect(keyed.rowsFetchedById).toEqual(['late1', 'late2']);
  });

  it('sends a page of large facts to Kafka in several requests, each below the broker limit', async () => {
    const big = 'x'.repeat(150_000);
    for (const id of ['a', 'b', 'c', 'd']) table.insert(id, '2026-11-22T11:30:00.000000');
    table.rows.forEach((row) => (row.payload = { ...row.payload, businessKey: big }));

    await new IncrementalStreamRunner(store, publisher, {
      pageSize: 10,
      maxPages: 1,
      overlapMs: 0,
      initialBackfillMs: 3_600_000,
      now: () => NOW,
    }).run('node1', stream);

    expect(publisher.batchSizes).toEqual([2, 2]);
    expect(publishedRowIds()).toEqual(['a', 'b', 'c', 'd']);
  });

  describe('betweenPages', () => {
    /** Records, in order, each page the source reads and each call of betweenPages. */
    const traced = (source: InMemoryFactSource<Topic>, trace: string[]) =>
      ({
        ...stream,
        source: {
          fetch: async (...args: Parameters<typeof source.fetch>) => {
            const rows = await source.fetch(...args);
            trace.push(`page of ${rows.length}`);
            return rows;
          },
        },
      }) satisfies FactStream<Topic>;

    it('runs before each page that follows a full one, and not before the first', async () => {
      for (const id of ['a', 'b', 'c', 'd', 'e']) table.insert(id, '2026-11-22T11:30:00.000000');
      const trace: string[] = [];

      await runner().run('node1', traced(table, trace), Infinity, async () => {
        trace.push('between');
      });

      expect(trace).toEqual(['page of 2', 'between', 'page of 2', 'between', 'page of 1']);
    });

    it('does not run after the short page of a late-commit window with nothing new', async () => {
      table.insert('a', '2026-11-22T11:30:00.000000');
      await runner().run('node1', stream);
      const trace: string[] = [];

      await runner().run('node1', traced(table, trace), Infinity, async () => {
        trace.push('between');
      });

      expect(trace).toEqual(['page of 1', 'page of 0']);
    });
  });
});
