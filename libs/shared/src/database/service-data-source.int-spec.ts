import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { createServiceDataSource, initializeServiceDataSource } from './service-data-source';

const schema = `migrate_it_${randomUUID().slice(0, 8)}`;

/** Slow on purpose: a second replica that does not wait would run it too and fail on the existing table. */
class SlowTable1700000000000 implements MigrationInterface {
  name = 'SlowTable1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pg_sleep(0.5)`);
    await queryRunner.query(`CREATE TABLE slow_table (id int PRIMARY KEY)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE slow_table`);
  }
}

const replica = () =>
  createServiceDataSource({
    schema,
    settings: {
      DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
      DB_PORT: Number(process.env.DB_PORT ?? 5432),
      DB_NAME: process.env.DB_NAME ?? 'flowpilot',
      DB_USER: process.env.DB_USER ?? 'postgres',
      DB_PASSWORD: process.env.DB_PASSWORD,
      // The smallest pool a service may have: migrating must not need a second connection.
      DB_POOL_SIZE: 1,
    },
    migrations: [SlowTable1700000000000],
    applicationName: 'flowpilot-migrate-it',
  });

describe('service schema migrations', () => {
  const replicas = [replica(), replica(), replica()];

  afterAll(async () => {
    await replicas[0].query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    for (const r of replicas) if (r.isInitialized) await r.destroy();
  });

  it('lets replicas that start together migrate one after another, on a pool of one connection', async () => {
    await Promise.all(replicas.map((r) => initializeServiceDataSource(r)));

    const applied: { name: string }[] = await replicas[0].query(`SELECT name FROM "${schema}".migrations`);
    expect(applied.map((m) => m.name).sort()).toEqual([
      'ProcessedEvents1763800000000',
      'SlowTable1700000000000',
    ]);
  }, 60_000);
});
