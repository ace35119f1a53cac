import { execSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { RecordingPublisher, TemporaryDatabase } from '@flowpilot/shared/testing';
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
describe('StuckInstancesSnapshot on a real engine schema', () => {
  let engineDb: TemporaryDatabase;
  let stateDb: TemporaryDatabase;
  let engine: EngineDatabase;
  let state: DataSource;
  let publisher: RecordingPublisher;
  let sut: () => StuckInstancesSnapshot;
  const stalls = () => publisher.payloadsOf('camunda.instance.stuck.v1');

  beforeAll(async () => {
    engineDb = TemporaryDatabase.create('flowpilot_collector_it_engine');
    stateDb = TemporaryDatabase.create('flowpilot_collector_it');
    execSync(
      `pg_dump -h 127.0.0.1 -U postgres --schema-only --no-owner camunda_node1 | psql -q ${engineDb.url}`,
    );
    // p-stuck waits in a task started 10 days ago; p-moving started 10 days ago but moved yesterday; p-done ended.
    engineDb.query(
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
    state = await stateDb.openSchema('collector_stuck_it', {
      migrations: [CollectorState1763900000000],
      applicationName: 'flowpilot-collector-it',
    });
    engine = new EngineDatabase({
      url: engineDb.url,
      poolSize: 1,
      statementTimeoutMs: 10_000,
      applicationName: 'flowpilot-collector-it',
    });
    publisher = new RecordingPublisher();
    sut = () =>
      new StuckInstancesSnapshot({
        nodeId: 'node1',
        publisher,
        db: engine,
        timeZone: 'UTC',
        marks: new SnapshotMarkStore(state),
        thresholdDays: 7,
        limit: 100,
        intervalMs: 60_000,
      });
    // Copying the engine schema with pg_dump takes seconds on a busy machine.
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    if (state?.isInitialized) await state.destroy();
    engineDb?.drop();
    stateDb?.drop();
  });

  it('reports a running instance idle past the threshold once per stall, with where it waits', async () => {
    await sut().runIfDue();
    await sut().runIfDue();

    expect(stalls()).toHaveLength(1);
    expect(stalls()[0]).toMatchObject({
      processInstanceId: 'p-stuck',
      processDefinitionKey: 'order',
      businessKey: 'order-42',
      waitingIn: ['approve'],
      thresholdDays: 7,
    });
    expect(stalls()[0].idleDays).toBeGreaterThanOrEqual(9.9);

    // It moves, then stalls again in a later activity: a new stall, published again.
    engineDb.query(
      `UPDATE act_hi_actinst SET end_time_ = localtimestamp - interval '9 days' WHERE id_ = 'a2'`,
    );
    await sut().runIfDue();

    expect(stalls().map((p) => p.processInstanceId)).toEqual(['p-stuck', 'p-stuck']);
    expect(stalls()[1].waitingIn).toEqual([]);
  });
});
