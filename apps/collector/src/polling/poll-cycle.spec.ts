import {
  activityCompleted,
  incidentOpened,
  InMemoryFactSource,
  KeyedInMemoryFactSource,
  RecordingPublisher,
} from '@flowpilot/shared/testing';
import type { EngineIdentity } from '../engine/engine-identity';
import type { FactStream } from '../streams/fact-stream';
import { IncrementalStreamRunner } from '../streams/incremental-stream.runner';
import { MemoryWatermarks } from '../testing/memory-watermarks';
import { PollCycle, URGENT_REREAD_MS } from './poll-cycle';

const START = Date.parse('2026-11-22T12:00:00.000Z');
const ENGINE: EngineIdentity = {
  version: '7.24.0',
  flavour: 'camunda7',
  product: 'Camunda BPM Runtime',
  schemaVersion: '7.24.0',
};
const PAGE = 2;

/** The engine's incident and activity tables, a clock that moves as pages are read, and one node's cycle. */
function cycleUnderTest({
  pageMs,
  streamBudgetMs = 60_000,
  windowByIds = true,
}: {
  pageMs: number;
  streamBudgetMs?: number;
  /** false: the source reads its late-commit window by whole pages, as the REST source does. */
  windowByIds?: boolean;
}) {
  let now = START;
  const incidents = new InMemoryFactSource('camunda.incident.opened.v1', (id) =>
    incidentOpened({ incidentId: id }),
  );
  const activities = new KeyedInMemoryFactSource('camunda.activity.completed.v1', (id) =>
    activityCompleted({ activityInstanceId: id }),
  );
  const bulkPageRead: Array<() => void> = [];
  const pageRead = () => {
    now += pageMs;
    bulkPageRead.shift()?.();
  };
  // Like the SQL source: new rows by keyset page, the late-commit window by positions and then by ids.
  const fetchPage = async (...args: Parameters<typeof activities.fetch>) => {
    pageRead();
    return activities.fetch(...args);
  };
  const slowActivities = windowByIds
    ? {
        fetch: fetchPage,
        fetchKeys: (...args: Parameters<typeof activities.fetchKeys>) => activities.fetchKeys(...args),
        fetchByIds: async (ids: string[]) => {
          pageRead();
          return activities.fetchByIds(ids);
        },
      }
    : { fetch: fetchPage };
  const publisher = new RecordingPublisher();
  const marks = new MemoryWatermarks();
  const runner = new IncrementalStreamRunner(marks, publisher, {
    pageSize: PAGE,
    maxPages: 100,
    overlapMs: 60_000,
    initialBackfillMs: 3_600_000,
    now: () => now,
  });
  const incidentStream: FactStream<'camunda.incident.opened.v1'> = {
    name: 'incident-opened',
    topic: 'camunda.incident.opened.v1',
    source: incidents,
    urgent: true,
  };
  const activityStream: FactStream<'camunda.activity.completed.v1'> = {
    name: 'activity-completed',
    topic: 'camunda.activity.completed.v1',
    source: slowActivities,
  };
  const cycle = new PollCycle(
    {
      nodeId: 'node1',
      api: { version: async () => '7.24.0' },
      identity: { identify: async () => ENGINE },
      streams: [incidentStream, activityStream],
      runner,
      snapshots: [],
      streamBudgetMs,
    },
    () => now,
  );
  /** Ten activity rows at `<ts prefix>0` … `<ts prefix>9`. */
  const insertActivities = (tsPrefix: string) => {
    for (let i = 0; i < 10; i++) activities.insert(`act-${i}`, `${tsPrefix}${i}`);
  };
  const incidentRuns = jest.spyOn(runner, 'run');
  /** How many times the cycle ran the incident stream. */
  const incidentReads = () =>
    incidentRuns.mock.calls.filter(([, stream]) => stream.name === 'incident-opened').length;
  return { cycle, incidents, activities, insertActivities, publisher, marks, bulkPageRead, incidentReads };
}

/** Which topic each published fact went to, in publishing order. */
const topicsInOrder = (publisher: RecordingPublisher) =>
  publisher.published.map((event) =>
    event.topic === 'camunda.incident.opened.v1'
      ? 'incident'
      : (event.payload as { activityInstanceId: string }).activityInstanceId,
  );

describe('PollCycle', () => {
  it('publishes an incident committed during a long bulk read before the bulk read ends', async () => {
    const { cycle, incidents, insertActivities, publisher, bulkPageRead } = cycleUnderTest({
      pageMs: URGENT_REREAD_MS / 2,
    });
    insertActivities('2026-11-22T11:30:00.00000');
    // Committed while the first activity page is read: after the cycle looked at the incident stream.
    bulkPageRead.push(() => incidents.insert('late-incident', '2026-11-22T11:59:59.000000'));

    const report = await cycle.run();

    const order = topicsInOrder(publisher);
    expect(order.indexOf('incident')).toBeGreaterThan(0);
    expect(order.indexOf('incident')).toBeLessThan(order.indexOf('act-9'));
    expect(report.streams).toEqual([
      expect.objectContaining({ stream: 'incident-opened', published: 1, truncated: false }),
      expect.objectContaining({ stream: 'activity-completed', published: 10, truncated: false }),
    ]);
  });

  it('does not look at the urgent streams again while the bulk pages come quickly', async () => {
    const { cycle, insertActivities, publisher, incidentReads } = cycleUnderTest({ pageMs: 1 });
    insertActivities('2026-11-22T11:30:00.00000');

    await cycle.run();

    expect(incidentReads()).toBe(1);
    expect(topicsInOrder(publisher)).toEqual(Array.from({ length: 10 }, (_, i) => `act-${i}`));
  });

  it('looks again at most once per URGENT_REREAD_MS of bulk reading', async () => {
    const { cycle, insertActivities, incidentReads } = cycleUnderTest({ pageMs: 0.6 * URGENT_REREAD_MS });
    insertActivities('2026-11-22T11:30:00.00000');

    await cycle.run();

    // Six activity pages (the last one empty) read 0.6 intervals apart: five gaps between them, but only
    // the second and the fourth come a whole interval after the incidents were last read.
    expect(incidentReads()).toBe(1 + 2);
  });

  it('looks again while it works through rows committed late into the window behind the mark', async () => {
    const { cycle, incidents, activities, insertActivities, publisher, bulkPageRead } = cycleUnderTest({
      pageMs: URGENT_REREAD_MS / 2,
    });
    activities.insert('act-later', '2026-11-22T11:59:00.000000');
    await cycle.run();
    publisher.clear();
    // One large transaction commits rows older than the mark (the burst), and an incident during its read.
    insertActivities('2026-11-22T11:58:00.00000');
    bulkPageRead.push(() => incidents.insert('late-incident', '2026-11-22T11:59:30.000000'));

    await cycle.run();

    const order = topicsInOrder(publisher);
    expect(order.indexOf('incident')).toBeGreaterThan(0);
    expect(order.indexOf('incident')).toBeLessThan(order.indexOf('act-9'));
  });

  it('starts no urgent read once the stream budget is spent', async () => {
    const { cycle, insertActivities, incidentReads } = cycleUnderTest({
      pageMs: URGENT_REREAD_MS,
      streamBudgetMs: 1.5 * URGENT_REREAD_MS,
    });
    insertActivities('2026-11-22T11:30:00.00000');

    await cycle.run();

    // Pages end at 1, 2 … intervals; the budget ends at 1.5: one re-read before it, none after.
    expect(incidentReads()).toBe(1 + 1);
  });

  it('reads nothing again in a quiet cycle of a source that reads its window by pages (REST)', async () => {
    const { cycle, activities, incidentReads } = cycleUnderTest({
      pageMs: URGENT_REREAD_MS,
      windowByIds: false,
    });
    activities.insert('act-first', '2026-11-22T11:30:00.000000');
    await cycle.run();
    const readsBefore = incidentReads();

    // Nothing new: a short page of the late-commit window and an empty page, however slowly they come.
    await cycle.run();

    expect(incidentReads() - readsBefore).toBe(1);
  });

  it('fails the cycle when an urgent re-read fails, and keeps the bulk rows published up to then', async () => {
    const { cycle, incidents, insertActivities, marks, bulkPageRead } = cycleUnderTest({
      pageMs: URGENT_REREAD_MS,
    });
    insertActivities('2026-11-22T11:30:00.00000');
    bulkPageRead.push(() => {
      jest.spyOn(incidents, 'fetch').mockRejectedValue(new Error('engine database went away'));
    });

    await expect(cycle.run()).rejects.toThrow('engine database went away');

    // The first page (act-0, act-1) was published and its mark saved before the re-read failed.
    expect(marks.markOf('node1', 'activity-completed')?.cursor.id).toBe('act-1');
  });
});
