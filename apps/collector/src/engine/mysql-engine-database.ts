import { createPool, type FieldPacket, type Pool, type PoolConnection, type TypeCast } from 'mysql2/promise';
import { instantOfWallClock } from '../streams/stream-cursor.util';
import type { EngineSql } from './engine-sql';

export interface MysqlEngineDatabaseOptions {
  /** `mysql://` or `mariadb://` URL of the engine's database. */
  url: string;
  poolSize: number;
  /** Each SELECT is stopped by the server after this long (MySQL `max_execution_time`, MariaDB `max_statement_time`). */
  statementTimeoutMs: number;
  /** The engine JVM's zone (CAMUNDA_DB_TIME_ZONE): DATETIME columns hold its wall-clock. */
  timeZone: string;
}

/**
 * Read-only access to an engine database on MySQL or MariaDB. Two things differ from PostgreSQL:
 *
 * - DATETIME columns hold the engine's zone-less wall-clock; TIMESTAMP columns (ACT_HI_INCIDENT's
 *   CREATE_TIME_/END_TIME_, ACT_HI_EXT_TASK_LOG, ACT_HI_IDENTITYLINK) are stored in UTC and shown in the
 *   session's zone. The session zone is set to the engine's, so both kinds read, compare and sort as the same
 *   wall-clock, and a server default zone other than the engine's cannot shift a cursor.
 * - Every date comes back as text and is turned into an instant here (as PostgreSQL's `AT TIME ZONE` does).
 */
export class MysqlEngineDatabase implements EngineSql {
  readonly dialect = 'mysql' as const;
  private readonly pool: Pool;
  /** Connections whose session is set up (read-only, zone, timeout); keyed by the driver's connection. */
  private readonly prepared = new WeakSet<object>();

  constructor(private readonly options: MysqlEngineDatabaseOptions) {
    const url = new URL(options.url.replace(/^mariadb:/i, 'mysql:'));
    const zone = options.timeZone;
    const typeCast: TypeCast = (field, next) => {
      if (field.type === 'DATETIME' || field.type === 'TIMESTAMP') {
        const text = field.string();
        return text === null ? null : instantOfWallClock(text, zone);
      }
      return next();
    };
    this.pool = createPool({
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.replace(/^\//, '')),
      connectionLimit: options.poolSize,
      connectTimeout: 5_000,
      idleTimeout: 30_000,
      // BIGINT durations as text, as the pg driver gives them.
      supportBigNumbers: true,
      bigNumberStrings: true,
      typeCast,
    });
  }

  async query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    const connection = await this.pool.getConnection();
    try {
      if (!this.prepared.has(connection.connection)) {
        await this.prepareSession(connection, this.options);
        this.prepared.add(connection.connection);
      }
      const [rows] = (await connection.query(sql, params)) as [R[], FieldPacket[]];
      return rows;
    } finally {
      connection.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async prepareSession(
    connection: Pick<PoolConnection, 'query'>,
    options: MysqlEngineDatabaseOptions,
  ): Promise<void> {
    await connection.query('SET SESSION TRANSACTION READ ONLY');
    await connection.query('SET time_zone = ?', [sessionZoneOf(options.timeZone)]).catch((error: unknown) => {
      throw new Error(
        `the engine database refuses time zone '${options.timeZone}' (CAMUNDA_DB_TIME_ZONE): load its time-zone tables (mysql_tzinfo_to_sql) or run the engine in UTC; ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    const seconds = Math.max(1, Math.ceil(options.statementTimeoutMs / 1000));
    // MariaDB and MySQL name the statement timeout differently; whichever the server knows applies.
    await connection
      .query(`SET SESSION max_statement_time = ${seconds}`)
      .catch(() => connection.query(`SET SESSION max_execution_time = ${seconds * 1000}`))
      .catch(() => undefined);
  }
}

/** UTC as an offset needs no time-zone tables on the server; other zones need them (mysql_tzinfo_to_sql). */
function sessionZoneOf(zone: string): string {
  return zone === 'UTC' || zone === 'Etc/UTC' ? '+00:00' : zone;
}
