import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  createServiceDataSource,
  initializeServiceDataSource,
  ServiceDataSourceOptions,
} from '../database/service-data-source';

/** Where the tests' PostgreSQL listens: the machine's own (trust auth) unless a private stack says otherwise. */
export interface PostgresServer {
  host?: string;
  port?: number;
  user?: string;
}

const LOCAL: Required<PostgresServer> = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/**
 * Runs SQL through `psql` and returns what it printed, unaligned and without headers (one row a line,
 * columns split by `|`). Stops at the first error, which throws with psql's message.
 */
export function psql(sql: string, database = 'postgres', server: PostgresServer = {}): string {
  const { host, port, user } = { ...LOCAL, ...server };
  return execFileSync(
    'psql',
    ['-h', host, '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** A database name no other test run uses: `<prefix>_<random>`, lower case as PostgreSQL folds it. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
}

/** An empty database of its own; `drop()` removes it even while connections are open. */
export class TemporaryDatabase {
  private constructor(
    readonly name: string,
    private readonly server: PostgresServer,
  ) {}

  static create(prefix: string, server: PostgresServer = {}): TemporaryDatabase {
    const name = uniqueDatabaseName(prefix);
    psql(`CREATE DATABASE ${name}`, 'postgres', server);
    return new TemporaryDatabase(name, server);
  }

  /** The `DB_*` settings a service would use for it. */
  get settings() {
    const { host, port, user } = { ...LOCAL, ...this.server };
    return {
      DB_HOST: host,
      DB_PORT: port,
      DB_NAME: this.name,
      DB_USER: user,
      DB_PASSWORD: undefined,
      DB_POOL_SIZE: 2,
    };
  }

  get url(): string {
    const { DB_HOST, DB_PORT, DB_USER } = this.settings;
    return `postgres://${DB_USER}@${DB_HOST}:${DB_PORT}/${this.name}`;
  }

  query(sql: string): string {
    return psql(sql, this.name, this.server);
  }

  /** A service's schema in this database with its migrations applied, as the service would open it. */
  openSchema(
    schema: string,
    options: Pick<ServiceDataSourceOptions, 'migrations' | 'entities'> & { applicationName?: string } = {},
  ): Promise<DataSource> {
    const { applicationName = `test-${schema}`, ...tables } = options;
    return initializeServiceDataSource(
      createServiceDataSource({ schema, settings: this.settings, applicationName, ...tables }),
    );
  }

  drop(): void {
    psql(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`, 'postgres', this.server);
  }
}
