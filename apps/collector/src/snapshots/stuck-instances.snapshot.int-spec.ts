import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createServiceDataSource, initializeServiceDataSource, InstanceStuck } from '@flowpilot/shared';
import { EngineDatabase } from '../engine/engine-database';
import { CollectorState1763900000000 } from '../persistence/collector-state.migration';
import { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import { StuckInstancesSnapshot } from './stuck-instances.snapshot';

/**
 * The stuck-instance query on a real PostgreSQL with Camunda's own schema
 * (cloned from camunda_node1, never the live engine database), holding
 * instances whose last activity is days old — which a test cannot wait for
 * on a live engine.
 */
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const ENGINE_DB = 'flowpilot_collector_it_engine';
const STATE_DB = 'flowpilot_collector_it';

async function run(database: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ ...PG, database });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe('StuckInstancesSnapshot on a real engine schema', () => {
  let engine: EngineDatabase;
  let state: DataSource;
  let published: InstanceStuck[];
  let sut: () => StuckInstancesSnapshot;

  beforeAll(async () => {
    const admin = new Client({ ...PG, database: 'postgres' });
    await admin.connect();
    for (const name of [ENGINE_DB, STATE_DB]) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) {
        await admin.query(`CREATE DATABASE ${name}`);
        if (name === ENGINE_DB) {
          execSync(
            `pg_dump -h ${PG.host} -U ${PG.user} --schema-only --no-owner camunda_node1 | psql -q -h ${PG.host} -U ${PG.user} ${ENGINE_DB}`,
          );
        }
      }
    }
    await admin.end();
    await run(
      ENGINE_DB,
      'DELETE FROM act_ru_execution; DELETE FROM act_hi_procinst; DELETE FROM act_hi_actinst',
    );
    // p-stuck waits in a task started 10 days ago; p-moving started 10 days ago but moved yesterday; p-done ended.
    await run(
      ENGINE_DB,
      `INSERT INTO act_ru_execution (id_, rev_, proc_inst_id_) VALUES ('p-stuck', 1, 'p-stuck'), ('p-moving', 1, 'p-moving');
       INSERT INTO act_hi_procinst (id_, proc_inst_id_, proc_def_key_, proc_def_id_, business_key_, start_time_, end_time_) VALUES
         ('p-stuck', 'p-stuck', 'order', 'order:1:1', 'order-42', localtimestamp - interval '10 days', NULL),
         ('p-moving', 'p-moving', 'order', 'order:1:1', NULL, localtimestamp - interval '10 days', NULL),
         ('p-done', 'p-done', 'order', 'order:1:1', NULL, localtimestamp - interval '30 days', localtimestamp - interval '29 days');
       INSERT INTO act_hi_actinst (id_, proc_inst_id_, proc_def_id_, execution_id_, act_id_, act_type_, start_time_, end_time_) VALUES
         ('a1', 'p-stuck', 'order:1:1', 'p-stuck', 'start', 'startEvent', localtimestamp - interval '10 days', localtimestamp - interval '10 days'),
         ('a2', 'p-stuck', 'order:1:1', 'p-stuck', 'approve', 'userTask', localtimestamp - interval '10 days', NULL),
         ('a3', 'p-moving', 'order:1:1', 'p-moving', 'start', 'startEvent', localtimestamp - interval '10 days', localtimestamp - interval '1 day'),
         ('a4', 'p-done', 'order:1:1', 'p-done', 'start', 'startEvent', localtimestamp - interval '30 days', localtimestamp - interval '29 days')`,
    );
    state = createServiceDataSource({
      schema: 'collector_stuck_it',
      settings: {
        DB_HOST: PG.host,
        DB_PORT: PG.port,
        DB_NAME: STATE_DB,
        DB_USER: PG.user,
        DB_PASSWORD: undefined,
        DB_POOL_SIZE: 1,
      },
      migrations: [CollectorState1763900000000],
      applicationName: 'flowpilot-collector-it',
    });
    await state.initialize();
    await state.query('DROP SCHEMA IF EXISTS collector_stuck_it CASCADE');
    await state.destroy();
    await initializeServiceDataSource(state);
    engine = new EngineDatabase({
      url: `postgres://${PG.user}@${PG.host}:${PG.port}/${ENGINE_DB}`,
      poolSize: 1,
      statementTimeoutMs: 10_000,
      applicationName: 'flowpilot-collector-it',
    });
    published = [];
    const publisher = {
      publishMany: async (_topic: string, items: Array<{ payload: InstanceStuck }>) => {
        published.push(...items.map((i) => i.payload));
        return [];
      },
    };
    sut = () =>
      new StuckInstancesSnapshot(
        'node1',
        engine,
        'UTC',
        new SnapshotMarkStore(state),
        publisher as never,
        7,
        100,
        60_000,
      );
    // Copying the engine schema with pg_dump on a first run takes seconds on a busy machine.
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    if (state?.isInitialized) await state.destroy();
  });

  it('reports a running instance idle past the threshold once per stall, with where it waits', async () => {
    await sut().runIfDue();
    await sut().runIfDue();

    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      processInstanceId: 'p-stuck',
      processDefinitionKey: 'order',
      businessKey: 'order-42',
      waitingIn: ['approve'],
      thresholdDays: 7,
    });
    expect(published[0].idleDays).toBeGreaterThanOrEqual(9.9);

    // It moves, then stalls again in a later activity: a new stall, published again.
    await run(
      ENGINE_DB,
      `UPDATE act_hi_actinst SET end_time_ = localtimestamp - interval '9 days' WHERE id_ = 'a2'`,
    );
    await sut().runIfDue();

    expect(published.map((p) => p.processInstanceId)).toEqual(['p-stuck', 'p-stuck']);
    expect(published[1].waitingIn).toEqual([]);
  });
});
