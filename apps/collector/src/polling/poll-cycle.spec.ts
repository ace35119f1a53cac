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
function cycleUnderTest({ pageMs }: { pageMs: number }) {
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
  const slowActivities = {
    fetch: async (...args: Parameters<typeof activities.fetch>) => {
      pageRead();
      return activities.fetch(...args);
    },
    fetchKeys: (...args: Parameters<typeof activities.fetchKeys>) => activities.fetchKeys(...args),
    fetchByIds: async (ids: string[]) => {
      pageRead();
      return activities.fetchByIds(ids);
    },
  };
  const publisher = new RecordingPublisher();
  const runner = new IncrementalStreamRunner(new MemoryWatermarks(), publisher, {
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
      streamBudgetMs: 60_000,
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
  return { cycle, incidents, activities, insertActivities, publisher, bulkPageRead, incidentReads };
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
    const { cycle, insertActivities, incidentReads } = cycleUnderTest({ pageMs: URGENT_REREAD_MS });
    insertActivities('2026-11-22T11:30:00.00000');

    await cycle.run();

    // Six activity pages (the last one empty), so five chances between them, each after a full interval.
    expect(incidentReads()).toBe(1 + 5);
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
});
