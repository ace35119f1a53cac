/**
 * A position in a stream of engine rows: the row's timestamp as the engine
 * wrote it (zone-less, microsecond precision, `YYYY-MM-DDTHH:MM:SS.ffffff`,
 * PostgreSQL's own precision, so a cursor never falls between a row and
 * itself) and its id as tie-breaker. Text in this fixed form sorts
 * chronologically.
 */
export interface StreamCursor {
  ts: string;
  id: string;
}

const CURSOR_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

export function isCursorTs(value: string): boolean {
  return CURSOR_TS.test(value);
}

/** Orders cursors by timestamp, then id (the order every source returns rows in). */
export function compareCursors(a: StreamCursor, b: StreamCursor): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

export function maxCursor(a: StreamCursor, b: StreamCursor): StreamCursor {
  return compareCursors(a, b) >= 0 ? a : b;
}

/** The cursor timestamp `ms` earlier; wall-clock arithmetic, so the engine's zone does not matter. */
export function rewind(ts: string, ms: number): string {
  const micros = ts.slice(23, 26);
  return `${cursorTsOf(new Date(Date.parse(`${ts.slice(0, 23)}Z`) - ms)).slice(0, 23)}${micros}`;
}

/** A Date's UTC wall-clock as a cursor timestamp. */
export function cursorTsOf(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}
