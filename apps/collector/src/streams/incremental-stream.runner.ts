import { deriveEventId, EventPublisher, TopicName } from '@flowpilot/shared';
import type { WatermarkStore } from '../persistence/watermark.store';
import type { AnyFactStream, FactStream, StreamRow } from './fact-stream';
import {
  compareCursors,
  convertCursor,
  cursorTsIn,
  maxCursor,
  rewind,
  StreamCursor,
} from './stream-cursor.util';

/**
 * Kafka refuses a request larger than the broker's message.max.bytes (1 MiB by default); a page of incidents
 * with stack traces can be several MiB, so it is sent in batches of about this many characters.
 */
const MAX_BATCH_CHARS = 400_000;

function bySize<I extends { payload: unknown }>(items: I[]): I[][] {
  const batches: I[][] = [];
  let batch: I[] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = JSON.stringify(item.payload).length;
    if (batch.length > 0 && size + itemSize > MAX_BATCH_CHARS) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(item);
    size += itemSize;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Runs `betweenPages` before a page only when the page before it was full, that is when rows are piling up. */
class PageGate {
  private lastWasFull = false;

  constructor(
    private readonly pageSize: number,
    private readonly betweenPages?: () => Promise<void>,
  ) {}

  async beforePage(): Promise<void> {
    if (this.lastWasFull) await this.betweenPages?.();
  }

  /** `size`: the rows (or ids) the page asked for and got. */
  handled(size: number): void {
    this.lastWasFull = size >= this.pageSize;
  }
}

/** Positions are small: the window's keys are read in pages this many times larger than row pages. */
const KEY_PAGE_FACTOR = 10;

export interface IncrementalStreamOptions {
  pageSize: number;
  /** Pages past the high-water mark per run; a larger backlog drains over the next runs. */
  maxPages: number;
  /** Window behind the mark that is re-read for rows committed late with an earlier timestamp. */
  overlapMs: number;
  /** Where a stream without a mark starts. */
  initialBackfillMs: number;
  /**
   * The zone the source's timestamps are wall-clock time in: UTC for REST, CAMUNDA_DB_TIME_ZONE for SQL.
   * A mark saved in another zone (the node gained or lost its database URL) is converted to this one.
   */
  cursorTimeZone?: string;
  now?: () => number;
}

export interface StreamRunResult {
  stream: string;
  read: number;
  published: number;
  /** More rows were waiting past the page budget. */
  truncated: boolean;
}

/**
 * Publishes each row of a stream once. The cost of a run follows the rows
 * that are new (plus the short late-commit window), never the table size:
 * every read is a keyset range on (timestamp, id) from the persisted mark.
 *
 * Facts go to Kafka before the mark moves; their event ids are derived from
 * (nodeId, stream, row id), so a crash in between re-publishes the same ids and
 * consumers drop the repeats.
 */
export class IncrementalStreamRunner {
  private readonly now: () => number;
  private readonly timeZone: string;

  constructor(
    private readonly store: WatermarkStore,
    private readonly publisher: Pick<EventPublisher, 'publishMany'>,
    private readonly options: IncrementalStreamOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.timeZone = options.cursorTimeZone ?? 'UTC';
  }

  /**
   * Publishes the stream's new rows. Past `deadline` (epoch ms) no further page is started, so a large backlog
   * cannot push a cycle past its timeout; at least one page is always read. `betweenPages` runs before a page
   * that follows a full one, the late-commit window's pages included (the cycle re-reads its urgent streams
   * there: a large transaction committed late lands in that window all at once). A run whose pages are all
   * short, the quiet case, never calls it.
   */
  async run<T extends TopicName>(
    nodeId: string,
    stream: AnyFactStream<T>,
    deadline = Infinity,
    betweenPages?: () => Promise<void>,
  ): Promise<StreamRunResult> {
    const { pageSize, maxPages, overlapMs } = this.options;
    const saved = await this.store.load(nodeId, stream.name);
    // Marks saved before their zone was kept are read as written in this mode.
    const savedZone = saved?.timeZone ?? this.timeZone;
    const stored = saved ? convertCursor(saved.cursor, savedZone, this.timeZone) : null;
    const state = {
      cursor: stored ?? {
        ts: cursorTsIn(new Date(this.now() - this.options.initialBackfillMs), this.timeZone),
        id: '',
      },
      recent: new Set<string>(),
    };
    const result: StreamRunResult = { stream: stream.name, read: 0, published: 0, truncated: false };
    const gate = new PageGate(pageSize, betweenPages);
    // The starting point is saved at once: a stream that finds no rows must not start later next time.
    if (!stored) await this.commit(nodeId, stream.name, state.cursor, []);
    if (stored) {
      const windowStart = rewind(stored.ts, overlapMs);
      // The ids published in the window were saved with timestamps in the mark's old zone.
      const { ts: savedWindowStart } = convertCursor({ ts: windowStart, id: '' }, this.timeZone, savedZone);
      state.recent = await this.store.recentIds(nodeId, stream.name, savedWindowStart);
      await this.rereadWindow(nodeId, stream, { ts: windowStart, id: '' }, stored.ts, state, result, gate);
    }
    let after = state.cursor;
    for (let page = 0; page < maxPages && (page === 0 || this.now() < deadline); page++) {
      await gate.beforePage();
      const rows = await stream.source.fetch(after, null, pageSize);
      await this.handle(nodeId, stream, rows, state, result);
      gate.handled(rows.length);
      if (rows.length < pageSize) return result;
      after = rows[rows.length - 1].cursor;
    }
    result.truncated = true;
    return result;
  }

  private commit(
    nodeId: string,
    stream: string,
    cursor: StreamCursor,
    facts: Array<{ id: string; ts: string }>,
  ): Promise<void> {
    return this.store.commit(
      nodeId,
      stream,
      { cursor, timeZone: this.timeZone },
      facts,
      rewind(cursor.ts, this.options.overlapMs),
    );
  }

  /**
   * The late-commit window is read in full: it is bounded by time, not by the page budget. Where the source
   * can, only the row positions are read, and whole rows only for ids not published yet (usually none).
   */
  private async rereadWindow<T extends TopicName>(
    nodeId: string,
    stream: FactStream<T>,
    from: StreamCursor,
    until: string,
    state: { cursor: StreamCursor; recent: Set<string> },
    result: StreamRunResult,
    gate: PageGate,
  ): Promise<void> {
    const { source } = stream;
    const { pageSize } = this.options;
    let after = from;
    if (source.fetchKeys && source.fetchByIds) {
      const keyPage = pageSize * KEY_PAGE_FACTOR;
      for (;;) {
        const keys = await source.fetchKeys(after, until, keyPage);
        const unseen = keys.filter((key) => !state.recent.has(key.id)).map((key) => key.id);
        for (let i = 0; i < unseen.length; i += pageSize) {
          await gate.beforePage();
          const ids = unseen.slice(i, i + pageSize);
          const rows = await source.fetchByIds(ids);
          await this.handle(
            nodeId,
            stream,
            rows.sort((a, b) => compareCursors(a.cursor, b.cursor)),
            state,
            result,
          );
          gate.handled(ids.length);
        }
        if (keys.length < keyPage) return;
        after = keys[keys.length - 1];
      }
    }
    for (;;) {
      await gate.beforePage();
      const rows = await source.fetch(after, until, pageSize);
      await this.handle(nodeId, stream, rows, state, result);
      gate.handled(rows.length);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].cursor;
    }
  }

  private async handle<T extends TopicName>(
    nodeId: string,
    stream: FactStream<T>,
    rows: StreamRow<T>[],
    state: { cursor: StreamCursor; recent: Set<string> },
    result: StreamRunResult,
  ): Promise<void> {
    if (rows.length === 0) return;
    result.read += rows.length;
    const unseen = rows.filter((row) => !state.recent.has(row.id));
    const fresh = stream.enrich && unseen.length > 0 ? await stream.enrich(unseen) : unseen;
    const items = fresh.map((row) => ({
      payload: row.payload,
      options: {
        nodeId: nodeId,
        eventId: deriveEventId(nodeId, stream.name, row.id),
        occurredAt: row.occurredAt,
      },
    }));
    for (const batch of bySize(items)) await this.publisher.publishMany(stream.topic, batch);
    state.cursor = maxCursor(state.cursor, rows[rows.length - 1].cursor);
    await this.commit(
      nodeId,
      stream.name,
      state.cursor,
      fresh.map((row) => ({ id: row.id, ts: row.cursor.ts })),
    );
    for (const row of fresh) state.recent.add(row.id);
    result.published += fresh.length;
  }
}
