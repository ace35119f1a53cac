import { DataSource, EntitySchema, MigrationExecutor, MixedList } from 'typeorm';
import type { DatabaseSettings } from '../config/common-settings';
import { ProcessedEvents1763800000000 } from './processed-events.migration';

type Constructor = new (...args: never[]) => unknown;

export interface ServiceDataSourceOptions {
  /** The service's own PostgreSQL schema; no service reads another's. */
  schema: string;
  settings: DatabaseSettings;
  entities?: MixedList<Constructor | string | EntitySchema>;
  /** The service's migrations, after the shared ones. */
  migrations?: Constructor[];
  applicationName: string;
}

/** A TypeORM data source bound to one schema. `synchronize` is never used: migrations own the tables. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const { settings, schema } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  return new DataSource({
    type: 'postgres',
    host: settings.DB_HOST,
    port: settings.DB_PORT,
    database: settings.DB_NAME,
    username: settings.DB_USER,
    password: settings.DB_PASSWORD,
    schema,
    entities: options.entities ?? [],
    migrations: [ProcessedEvents1763800000000, ...(options.migrations ?? [])],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: options.applicationName,
    poolSize: settings.DB_POOL_SIZE,
    extra: {
      options: `-c search_path=${schema},public`,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  });
}

/**
 * Connects, creates the schema if needed and applies pending migrations.
 * Replicas that start together take turns under a session advisory lock per
 * schema (without it two of them run the same migration and one crashes).
 * Everything runs on the one connection that holds the lock, so a pool of
 * one connection is enough.
 */
export async function initializeServiceDataSource(dataSource: DataSource): Promise<DataSource> {
  const schema = (dataSource.options as { schema: string }).schema;
  if (!dataSource.isInitialized) await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [
      `flowpilot-migrations/${schema}`,
    ]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const migrations = new MigrationExecutor(dataSource, runner);
    migrations.transaction = 'each';
    await migrations.executePendingMigrations();
  } finally {
    await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
