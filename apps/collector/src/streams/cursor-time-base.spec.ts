import { deriveEventId } from '@flowpilot/shared';
import { RecordingPublisher } from '@flowpilot/shared/testing';
import { MemoryWatermarks } from '../testing/memory-watermarks';
import type { FactSource, FactStream, StreamRow } from './fact-stream';
import { IncrementalStreamRunner } from './incremental-stream.runner';
import { compareCursors, cursorTsIn, StreamCursor } from './stream-cursor.util';

type Topic = 'camunda.process.started.v1';
const NODE = 'node1';
const STREAM = 'process-started';
const NOW = Date.parse('2026-11-22T12:00:00.000Z');

/**
 * One engine's history rows (instants), seen through SQL (zone-less wall-clock in the engine's zone) or
 * through REST (dates with an offset, which the collector keeps in UTC).
 */
class EngineRows {
  private readonly instants = new Map<string, number>();

  insert(id: string, iso: string): void {
    this.instants.set(id, Date.parse(iso));
  }

  view(timeZone: string): FactSource<Topic> {
    return {
      fetch: async (after: StreamCursor, until: string | null, limit: number) =>
        [...this.instants.entries()]
          .map(([id, at]) => this.row(id, at, timeZone))
          .filter((r) => compareCursors(r.cursor, after) > 0 && (until === null || r.cursor.ts <= until))
          .sort((a, b) => compareCursors(a.cursor, b.cursor))
          .slice(0, limit),
    };
  }

  private row(id: string, at: number, timeZone: string): StreamRow<Topic> {
    return {
      id,
      cursor: { ts: cursorTsIn(new Date(at), timeZone), id },
      occurredAt: new Date(at),
      payload: {
        processInstanceId: id,
        processDefinitionId: 'p:1:1',
        processDefinitionKey: 'p',
        businessKey: null,
        startedAt: new Date(at).toISOString(),
      },
    };
  }
}

/** A node read by SQL in `engineZone`, or by REST (UTC), from the same mark. */
function runAs(
  mode: 'sql' | 'rest',
  engineZone: string,
  rows: EngineRows,
  marks: MemoryWatermarks,
  publisher: RecordingPublisher,
): Promise<unknown> {
  const cursorTimeZone = mode === 'sql' ? engineZone : 'UTC';
  const runner = new IncrementalStreamRunner(marks, publisher, {
    pageSize: 2,
    maxPages: 50,
    overlapMs: 60_000,
    initialBackfillMs: 3_600_000,
    cursorTimeZone,
    now: () => NOW,
  });
  const stream: FactStream<Topic> = {
    name: STREAM,
    topic: 'camunda.process.started.v1',
    source: rows.view(cursorTimeZone),
  };
  return runner.run(NODE, stream);
}

const ids = (...rowIds: string[]) => rowIds.map((id) => deriveEventId(NODE, STREAM, id));
const publishedIds = (publisher: RecordingPublisher) => publisher.published.map((event) => event.eventId);

describe.each([
  ['east of UTC', 'Europe/Paris'],
  ['west of UTC', 'America/New_York'],
])('switching a node between REST and SQL (engine %s, %s)', (_side, engineZone) => {
  let rows: EngineRows;
  let marks: MemoryWatermarks;
  let publisher: RecordingPublisher;

  beforeEach(() => {
    rows = new EngineRows();
    marks = new MemoryWatermarks();
    publisher = new RecordingPublisher();
    rows.insert('a', '2026-11-22T11:10:00.000Z');
    rows.insert('b', '2026-11-22T11:20:00.000Z');
  });

  it.each([
    ['sql', 'rest'],
    ['rest', 'sql'],
  ] as const)('%s → %s publishes every row written in between, and none twice', async (from, to) => {
    await runAs(from, engineZone, rows, marks, publisher);
    rows.insert('c', '2026-11-22T11:30:00.000Z');
    rows.insert('d', '2026-11-22T11:40:00.000Z');

    await runAs(to, engineZone, rows, marks, publisher);
    rows.insert('e', '2026-11-22T11:50:00.000Z');
    await runAs(to, engineZone, rows, marks, publisher);

    expect(publishedIds(publisher)).toEqual(ids('a', 'b', 'c', 'd', 'e'));
    expect(marks.markOf(NODE, STREAM)?.timeZone).toBe(to === 'sql' ? engineZone : 'UTC');
  });

  it('a first SQL run starts INITIAL_BACKFILL before now in the engine zone', async () => {
    rows.insert('before-backfill', '2026-11-22T10:50:00.000Z');

    await runAs('sql', engineZone, rows, marks, publisher);

    expect(publishedIds(publisher)).toEqual(ids('a', 'b'));
  });
});
