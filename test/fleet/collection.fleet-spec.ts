import { CamundaRestClient, deriveEventId } from '@flowpilot/shared';
import { RecordingPublisher } from '@flowpilot/shared/testing';
import { CollectorCamundaApi } from '../../apps/collector/src/engine/collector-camunda.api';
import { EngineDatabase } from '../../apps/collector/src/engine/engine-database';
import { EngineIdentityProbe, readSchemaVersion } from '../../apps/collector/src/engine/engine-identity';
import { engineSqlDialectOf, EngineSql } from '../../apps/collector/src/engine/engine-sql';
import { MysqlEngineDatabase } from '../../apps/collector/src/engine/mysql-engine-database';
import type { AnyFactStream } from '../../apps/collector/src/streams/fact-stream';
import { historyRestStreams, historySqlStreams } from '../../apps/collector/src/streams/history.streams';
import { IncrementalStreamRunner } from '../../apps/collector/src/streams/incremental-stream.runner';
import { MemoryWatermarks } from '../../apps/collector/src/testing/memory-watermarks';
import { failingJobModel, quickModel } from '../support/bpmn-models';
import { camundaGet, deployBpmn, startInstance } from '../support/camunda';
import { waitFor } from '../support/wait-for';
import { DefinitionFactTopic, eventIdsOf } from '../support/fact-recorder';
import { engineRows, FleetNode, fleetNodes } from './support/fleet-nodes';

/**
 * The collector's history streams against every flavour of the fleet (Camunda 7.24 and Operaton on PostgreSQL,
 * Operaton on MariaDB): each fact read by SQL and by REST is compared with the engine's own history tables,
 * read directly. Collection runs in small pages with a short late-commit window *while* the workload runs, so
 * rows land between and inside reads; afterwards no fact may be missing or published twice.
 */
const RUN = Date.now().toString(36);
const QUICK = 20;
const FAILING = 3;
const TASKS = 4;

const taskModel = (key: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.io/fleet">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve" camunda:candidateGroups="ops" />
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** Stream name → topic and the engine rows (lower-case SQL, filtered to this run's keys) it must publish. */
const REFERENCE: Array<{
  stream: string;
  topic: DefinitionFactTopic;
  sql: (keys: string) => string;
  rest: boolean;
}> = [
  {
    stream: 'process-started',
    topic: 'camunda.process.started.v1',
    rest: true,
    sql: (k) => `SELECT id_ AS id FROM act_hi_procinst WHERE proc_def_key_ IN (${k})`,
  },
  {
    stream: 'process-completed',
    topic: 'camunda.process.completed.v1',
    rest: true,
    sql: (k) =>
      `SELECT id_ AS id FROM act_hi_procinst WHERE proc_def_key_ IN (${k}) AND end_time_ IS NOT NULL`,
  },
  {
    stream: 'activity-completed',
    topic: 'camunda.activity.completed.v1',
    rest: true,
    sql: (k) =>
      `SELECT id_ AS id FROM act_hi_actinst WHERE proc_def_key_ IN (${k}) AND end_time_ IS NOT NULL`,
  },
  {
    stream: 'incident-opened',
    topic: 'camunda.incident.opened.v1',
    rest: true,
    sql: (k) => `SELECT id_ AS id FROM act_hi_incident WHERE proc_def_key_ IN (${k})`,
  },
  {
    stream: 'user-task-created',
    topic: 'camunda.user-task.created.v1',
    rest: true,
    sql: (k) => `SELECT id_ AS id FROM act_hi_taskinst WHERE proc_def_key_ IN (${k})`,
  },
  {
    stream: 'user-task-completed',
    topic: 'camunda.user-task.completed.v1',
    rest: true,
    sql: (k) =>
      `SELECT id_ AS id FROM act_hi_taskinst WHERE proc_def_key_ IN (${k}) AND end_time_ IS NOT NULL`,
  },
  {
    stream: 'job-failed',
    topic: 'camunda.job.failed.v1',
    rest: false,
    sql: (k) => `SELECT id_ AS id FROM act_hi_job_log WHERE process_def_key_ IN (${k}) AND job_state_ = 1`,
  },
];

function openDatabase(node: FleetNode): EngineSql {
  const options = { url: node.dbUrl, poolSize: 2, statementTimeoutMs: 10_000 };
  return engineSqlDialectOf(node.dbUrl) === 'mysql'
    ? new MysqlEngineDatabase({ ...options, timeZone: 'UTC' })
    : new EngineDatabase({ ...options, applicationName: 'flowpilot-fleet-test' });
}

/** One collector path (SQL or REST) for one node, as the poller wires it, with small pages to force many reads. */
function collectorPath(node: FleetNode, name: string, streams: AnyFactStream[], cursorTimeZone: string) {
  const publisher = new RecordingPublisher();
  const runner = new IncrementalStreamRunner(new MemoryWatermarks(), publisher, {
    pageSize: 3,
    maxPages: 4,
    // Engine rows commit up to a transaction later than their timestamp; the window must cover that.
    overlapMs: 5_000,
    initialBackfillMs: 30_000,
    cursorTimeZone,
  });
  const cycle = async () => {
    let published = 0;
    for (const stream of streams) published += (await runner.run(name, stream)).published;
    return published;
  };
  return { name, publisher, cycle };
}

describe('collection on every flavour: SQL and REST give the engine history tables, each fact once', () => {
  let nodes: FleetNode[];
  const databases: EngineSql[] = [];

  beforeAll(async () => {
    nodes = await fleetNodes();
    process.stdout.write(`fleet collection: ${nodes.map((n) => `${n.name} (${n.flavour})`).join(', ')}\n`);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(databases.map((db) => db.close()));
  });

  it('runs on each node of the fleet', async () => {
    for (const node of nodes) await checkNode(node);
  }, 600_000);

  async function checkNode(node: FleetNode): Promise<void> {
    const keys = [`fleet_quick_${RUN}`, `fleet_fail_${RUN}`, `fleet_task_${RUN}`];
    const keyList = keys.map((k) => `'${k}'`).join(', ');
    await deployBpmn(node.url, keys[0], quickModel(keys[0]));
    await deployBpmn(node.url, keys[1], failingJobModel(keys[1]));
    await deployBpmn(node.url, keys[2], taskModel(keys[2]));

    const api = new CollectorCamundaApi(
      new CamundaRestClient({ index: 1, name: node.name, url: node.url }, 10_000),
    );
    const db = openDatabase(node);
    databases.push(db);
    const identity = await new EngineIdentityProbe({
      productName: () => api.productName(),
      schemaVersion: () => readSchemaVersion(db),
    }).identify(await api.version());
    process.stdout.write(`${node.name}: ${JSON.stringify(identity)}\n`);
    expect(identity.flavour).toBe(node.flavour);
    expect(identity.schemaVersion).toMatch(/^\d+\.\d+\.\d+$/);

    const noStackTraces = async () => null;
    const sql = collectorPath(
      node,
      `${node.name}-sql-${RUN}`,
      historySqlStreams(db, 'UTC', noStackTraces),
      'UTC',
    );
    const rest = collectorPath(
      node,
      `${node.name}-rest-${RUN}`,
      historyRestStreams(api, noStackTraces, 3),
      'UTC',
    );

    // The workload and the collection overlap: facts commit between and during the reads.
    let done = false;
    const workload = (async () => {
      for (let i = 0; i < QUICK; i++) await startInstance(node.url, keys[0]);
      for (let i = 0; i < FAILING; i++) await startInstance(node.url, keys[1]);
      for (let i = 0; i < TASKS; i++) await startInstance(node.url, keys[2]);
      const tasks = await camundaGet<Array<{ id: string }>>(
        node.url,
        `/task?processDefinitionKey=${keys[2]}`,
      );
      for (const task of tasks.slice(0, TASKS - 1)) {
        await fetch(`${node.url}/task/${task.id}/complete`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      }
      await waitFor(`${FAILING} incidents on ${node.name}`, async () => {
        const { count } = await camundaGet<{ count: number }>(
          node.url,
          `/history/incident/count?processDefinitionKey=${keys[1]}`,
        );
        return count >= FAILING;
      });
      done = true;
    })();
    while (!done) {
      await Promise.all([sql.cycle(), rest.cycle()]);
      await new Promise((r) => setTimeout(r, 150));
    }
    await workload;
    // The overlap window has to pass before the last rows are certainly behind every mark.
    await new Promise((r) => setTimeout(r, 1_000));
    for (let quiet = 0; quiet < 2;) quiet = (await sql.cycle()) + (await rest.cycle()) === 0 ? quiet + 1 : 0;

    for (const reference of REFERENCE) {
      const rows = await engineRows<{ id: string }>(node, reference.sql(keyList));
      const expected = rows.map((r) => String(r.id)).sort();
      expect(expected.length).toBeGreaterThan(0);
      for (const path of reference.rest ? [sql, rest] : [sql]) {
        const published = eventIdsOf(path.publisher, reference.topic, keys);
        const context = `${node.name} ${path === sql ? 'SQL' : 'REST'} ${reference.stream}`;
        expect({ context, repeated: published.length - new Set(published).size }).toEqual({
          context,
          repeated: 0,
        });
        expect({ context, ids: [...published].sort() }).toEqual({
          context,
          ids: expected.map((id) => deriveEventId(path.name, reference.stream, id)).sort(),
        });
      }
    }
    // The engine's own counts over REST agree with its tables (and so with both paths).
    const count = await camundaGet<{ count: number }>(
      node.url,
      `/history/process-instance/count?processDefinitionKey=${keys[0]}`,
    );
    expect(count.count).toBe(QUICK);
  }
});
