import { DataSource } from 'typeorm';
import { createServiceDataSource, initializeServiceDataSource } from '@flowpilot/shared';
import { GATEWAY_MIGRATIONS } from '../src/gateway.module';
import { psql } from './gateway-process';

/**
 * A database of its own on the machine's PostgreSQL with the gateway's schema migrated, for
 * repository-level integration tests; `drop` closes the pool and removes the database.
 */
export async function openGatewayDatabase(database: string, applicationName: string): Promise<DataSource> {
  psql(`CREATE DATABASE ${database}`);
  return initializeServiceDataSource(
    createServiceDataSource({
      schema: 'gateway',
      settings: {
        DB_HOST: '127.0.0.1',
        DB_PORT: 5432,
        DB_NAME: database,
        DB_USER: 'postgres',
        DB_PASSWORD: undefined,
        DB_POOL_SIZE: 2,
      },
      migrations: GATEWAY_MIGRATIONS,
      applicationName,
    }),
  );
}

export async function dropGatewayDatabase(db: DataSource | undefined, database: string): Promise<void> {
  await db?.destroy();
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
