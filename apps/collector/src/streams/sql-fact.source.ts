import type { PayloadOf, TopicName } from '@flowpilot/shared';
import type { EngineDatabase } from '../engine/engine-database';
import type { FactSource, StreamRow } from './fact-stream';
import type { StreamCursor } from './stream-cursor.util';

/**
 * One keyset query over an engine history table. In `columns`, `$1` is the
 * engine's time zone, for `(column AT TIME ZONE $1)`.
 */
export interface SqlStreamQuery<T extends TopicName, R> {
  table: string;
  /** The timestamp the stream follows; an index on it (ideally with id_) keeps each read a short range scan. */
  tsColumn: string;
  columns: string;
  /** Extra condition, e.g. only failure entries of the job log. */
  where?: string;
  map: (row: R) => PayloadOf<T>;
  occurredAt: (row: R) => Date;
}

interface CursorColumns {
  cursor_ts: string;
  cursor_id: string;
}

/** Reads a history table incrementally: `(ts, id_) > (mark)` ordered by `(ts, id_)`, one page at a time. */
export class SqlFactSource<T extends TopicName, R> implements FactSource<T> {
  private readonly sql: { open: string; bounded: string; keys: string; byIds: string };

  constructor(
    private readonly db: EngineDatabase,
    private readonly timeZone: string,
    private readonly query: SqlStreamQuery<T, R>,
  ) {
    const { table, tsColumn: ts, columns } = query;
    const where = query.where ? ` AND (${query.where})` : '';
    const cursor = `to_char(${ts}, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_ts, id_ AS cursor_id`;
    // The leading `ts >= $2` lets PostgreSQL range-scan an index on the timestamp alone.
    const base = `SELECT ${columns}, ${cursor} FROM ${table}
      WHERE ${ts} >= $2::timestamp AND (${ts}, id_) > ($2::timestamp, $3::text)${where}`;
    const order = `ORDER BY ${ts}, id_ LIMIT $4`;
    this.sql = {
      open: `${base} ${order}`,
      bounded: `${base} AND ${ts} <= $5::timestamp ${order}`,
      keys: `SELECT ${cursor} FROM ${table}
        WHERE ${ts} >= $1::timestamp AND (${ts}, id_) > ($1::timestamp, $2::text) AND ${ts} <= $3::timestamp${where}
        ORDER BY ${ts}, id_ LIMIT $4`,
      byIds: `SELECT ${columns}, ${cursor} FROM ${table} WHERE id_ = ANY($2::text[])${where}`,
    };
  }

  async fetch(after: StreamCursor, until: string | null, limit: number): Promise<StreamRow<T>[]> {
    const params: unknown[] = [this.timeZone, dbTs(after.ts), after.id, limit];
    if (until !== null) params.push(dbTs(until));
    const rows = await this.db.query<R & CursorColumns>(
      until === null ? this.sql.open : this.sql.bounded,
      params,
    );
    return rows.map((row) => this.toRow(row));
  }

  async fetchKeys(after: StreamCursor, until: string, limit: number): Promise<StreamCursor[]> {
    const rows = await this.db.query<CursorColumns>(this.sql.keys, [
      dbTs(after.ts),
      after.id,
      dbTs(until),
      limit,
    ]);
    return rows.map((row) => ({ ts: row.cursor_ts, id: row.cursor_id }));
  }

  async fetchByIds(ids: string[]): Promise<StreamRow<T>[]> {
    const rows = await this.db.query<R & CursorColumns>(this.sql.byIds, [this.timeZone, ids]);
    return rows.map((row) => this.toRow(row));
  }

  private toRow(row: R & CursorColumns): StreamRow<T> {
    return {
      id: row.cursor_id,
      cursor: { ts: row.cursor_ts, id: row.cursor_id },
      occurredAt: this.query.occurredAt(row),
      payload: this.query.map(row),
    };
  }
}

/** A cursor timestamp as a PostgreSQL timestamp literal. */
const dbTs = (ts: string) => ts.replace('T', ' ');
