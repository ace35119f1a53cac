import type { PayloadOf, TopicName } from '@flowpilot/shared';
import type { EngineSql } from '../engine/engine-sql';
import type { FactSource, StreamRow } from './fact-stream';
import type { StreamCursor } from './stream-cursor.util';

/**
 * One keyset query over an engine history table. `columns` gets `at(column)`, the dialect's expression for a
 * zone-less engine timestamp read as an instant (`(column AT TIME ZONE $1)` on PostgreSQL).
 */
export interface SqlStreamQuery<R, P = unknown> {
  /** Lower case; MySQL/MariaDB on Linux need the engine's upper-case table names, which the dialect gives. */
  table: string;
  /** The timestamp the stream follows; an index on it (ideally with id_) keeps each read a short range scan. */
  tsColumn: string;
  columns: (at: (column: string) => string) => string;
  /** Extra condition, e.g. only failure entries of the job log. */
  where?: string;
  map: (row: R) => P;
  occurredAt: (row: R) => Date;
}

interface CursorColumns {
  cursor_ts: string;
  cursor_id: string;
}

interface KeysetSql {
  open: string;
  bounded: string;
  keys: string;
  byIds: string;
}

/**
 * Reads a history table incrementally: `(ts, id_) > (mark)` ordered by `(ts, id_)`, one page at a time.
 * The cursor text is the same on both dialects (`YYYY-MM-DDTHH:MM:SS.ffffff`, engine wall-clock); on MySQL
 * and MariaDB a second-precision column simply gives `.000000`, and the session's zone is the engine's, so
 * TIMESTAMP columns compare as the same wall-clock as DATETIME ones.
 */
export class SqlFactSource<T extends TopicName, R> implements FactSource<T> {
  private readonly sql: KeysetSql;

  constructor(
    private readonly db: EngineSql,
    private readonly timeZone: string,
    private readonly query: SqlStreamQuery<R, PayloadOf<T>>,
  ) {
    this.sql = db.dialect === 'mysql' ? mysqlKeyset(query) : postgresKeyset(query);
  }

  async fetch(after: StreamCursor, until: string | null, limit: number): Promise<StreamRow<T>[]> {
    const rows = await this.db.query<R & CursorColumns>(
      until === null ? this.sql.open : this.sql.bounded,
      this.params(dbTs(after.ts), after.id, until === null ? null : dbTs(until), limit),
    );
    return rows.map((row) => this.toRow(row));
  }

  async fetchKeys(after: StreamCursor, until: string, limit: number): Promise<StreamCursor[]> {
    const ts = dbTs(after.ts);
    const params =
      this.db.dialect === 'mysql'
        ? [ts, ts, after.id, dbTs(until), limit]
        : [ts, after.id, dbTs(until), limit];
    const rows = await this.db.query<CursorColumns>(this.sql.keys, params);
    return rows.map((row) => ({ ts: row.cursor_ts, id: row.cursor_id }));
  }

  async fetchByIds(ids: string[]): Promise<StreamRow<T>[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<R & CursorColumns>(
      this.sql.byIds,
      this.db.dialect === 'mysql' ? [ids] : [this.timeZone, ids],
    );
    return rows.map((row) => this.toRow(row));
  }

  /** PostgreSQL numbers its placeholders (`$2` used twice); MySQL's `?` are positional, so values repeat. */
  private params(ts: string, id: string, until: string | null, limit: number): unknown[] {
    if (this.db.dialect === 'mysql') return until === null ? [ts, ts, id, limit] : [ts, ts, id, until, limit];
    return until === null ? [this.timeZone, ts, id, limit] : [this.timeZone, ts, id, limit, until];
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

function postgresKeyset<R>(query: SqlStreamQuery<R>): KeysetSql {
  const { table, tsColumn: ts } = query;
  const columns = query.columns((column) => `(${column} AT TIME ZONE $1)`);
  const where = query.where ? ` AND (${query.where})` : '';
  const cursor = `to_char(${ts}, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_ts, id_ AS cursor_id`;
  // The leading `ts >= $2` lets PostgreSQL range-scan an index on the timestamp alone.
  const base = `SELECT ${columns}, ${cursor} FROM ${table}
    WHERE ${ts} >= $2::timestamp AND (${ts}, id_) > ($2::timestamp, $3::text)${where}`;
  const order = `ORDER BY ${ts}, id_ LIMIT $4`;
  return {
    open: `${base} ${order}`,
    bounded: `${base} AND ${ts} <= $5::timestamp ${order}`,
    keys: `SELECT ${cursor} FROM ${table}
      WHERE ${ts} >= $1::timestamp AND (${ts}, id_) > ($1::timestamp, $2::text) AND ${ts} <= $3::timestamp${where}
      ORDER BY ${ts}, id_ LIMIT $4`,
    byIds: `SELECT ${columns}, ${cursor} FROM ${table} WHERE id_ = ANY($2::text[])${where}`,
  };
}

/** The engine's MySQL/MariaDB tables are upper case; the driver turns each DATETIME/TIMESTAMP into an instant. */
function mysqlKeyset<R>(query: SqlStreamQuery<R>): KeysetSql {
  const table = query.table.toUpperCase();
  const ts = query.tsColumn;
  const columns = query.columns((column) => column);
  const where = query.where ? ` AND (${query.where})` : '';
  const cursor = `DATE_FORMAT(${ts}, '%Y-%m-%dT%H:%i:%s.%f') AS cursor_ts, id_ AS cursor_id`;
  const base = `SELECT ${columns}, ${cursor} FROM ${table}
    WHERE ${ts} >= ? AND (${ts}, id_) > (?, ?)${where}`;
  const order = `ORDER BY ${ts}, id_ LIMIT ?`;
  return {
    open: `${base} ${order}`,
    bounded: `${base} AND ${ts} <= ? ${order}`,
    keys: `SELECT ${cursor} FROM ${table}
      WHERE ${ts} >= ? AND (${ts}, id_) > (?, ?) AND ${ts} <= ?${where}
      ORDER BY ${ts}, id_ LIMIT ?`,
    byIds: `SELECT ${columns}, ${cursor} FROM ${table} WHERE id_ IN (?)${where}`,
  };
}

/** A cursor timestamp as a SQL timestamp literal (both dialects read `YYYY-MM-DD HH:MM:SS.ffffff`). */
const dbTs = (ts: string) => ts.replace('T', ' ');
