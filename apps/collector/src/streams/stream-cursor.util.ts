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

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** A Date's wall-clock in `timeZone` as a cursor timestamp (millisecond precision, like the engine writes). */
export function cursorTsIn(date: Date, timeZone: string): string {
  if (timeZone === 'UTC') return cursorTsOf(date);
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
    });
    wallClockFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}.${part.fractionalSecond}000`;
}

const DAY_MS = 86_400_000;

/**
 * The earliest instant whose wall-clock in `timeZone` is `ts`. A time that does not exist (skipped by a DST
 * change) gives the instant an hour-or-so before it: earlier is the safe side, it re-reads rather than skips.
 */
function earliestInstantOf(ts: string, timeZone: string): number {
  const asUtc = Date.parse(`${ts.slice(0, 23)}Z`);
  const offsetAt = (instant: number) =>
    Date.parse(`${cursorTsIn(new Date(instant), timeZone).slice(0, 23)}Z`) - instant;
  const candidates = [asUtc - DAY_MS, asUtc, asUtc + DAY_MS].map((at) => asUtc - offsetAt(at));
  const exact = candidates.filter(
    (instant) => cursorTsIn(new Date(instant), timeZone).slice(0, 23) === ts.slice(0, 23),
  );
  return Math.min(...(exact.length > 0 ? exact : candidates));
}

/** The instant of an engine wall-clock (`YYYY-MM-DD HH:MM:SS[.ffffff]`, as MySQL prints DATETIME) in `timeZone`. */
export function instantOfWallClock(text: string, timeZone: string): Date {
  const [date, time = '00:00:00'] = text.trim().split(/[ T]/);
  const [hms, fraction = ''] = time.split('.');
  const ts = `${date}T${hms}.${fraction.padEnd(6, '0').slice(0, 6)}`;
  return new Date(timeZone === 'UTC' ? Date.parse(`${ts.slice(0, 23)}Z`) : earliestInstantOf(ts, timeZone));
}

/**
 * The same position in another time base: REST cursors are UTC, SQL cursors are the engine's zone-less
 * wall-clock (CAMUNDA_DB_TIME_ZONE). The result is cut to the millisecond and loses its id, so the
 * millisecond is read again: a switch may repeat facts (same event ids) but never skips one.
 */
export function convertCursor(cursor: StreamCursor, fromZone: string, toZone: string): StreamCursor {
  if (fromZone === toZone) return cursor;
  return { ts: cursorTsIn(new Date(earliestInstantOf(cursor.ts, fromZone)), toZone), id: '' };
}
