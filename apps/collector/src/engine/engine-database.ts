import { Pool, QueryResultRow } from 'pg';
import type { EngineSql } from './engine-sql';

export interface EngineDatabaseOptions {
  url: string;
  poolSize: number;
  /** Each statement is cancelled by the server after this long, so a slow query cannot hold a node's cycle. */
  statementTimeoutMs: number;
  applicationName: string;
}

/**
 * Read-only access to one engine's PostgreSQL database (ACT_HI_*, ACT_RU_*). Sessions are
 * read-only so a mistake here can never write into the engine's tables.
 */
export class EngineDatabase implements EngineSql {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;

  constructor(options: EngineDatabaseOptions) {
    this.pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      application_name: options.applicationName,
      statement_timeout: options.statementTimeoutMs,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      options: '-c default_transaction_read_only=on',
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const result = await this.pool.query<R>(sql, params);
    return result.rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
