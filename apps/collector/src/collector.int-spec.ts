import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope, deriveEventId, Envelope, loadConfig, PayloadOf, TopicName } from '@flowpilot/shared';
import { TemporaryDatabase } from '@flowpilot/shared/testing';
import { failingJobModel } from '../../../test/support/bpmn-models';
import { camundaGet, deployBpmn, startInstance } from '../../../test/support/camunda';
import { waitFor } from '../../../test/support/wait-for';
import { COLLECTOR_SETTING_FAMILIES, CollectorConfigSchema } from './collector.config';
import { CollectorModule } from './collector.module';
import { PollScheduler } from './polling/poll-scheduler.service';
import type { PollOutcome } from './polling/node-poller';

const ENGINE = process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest';
const ENGINE_DB = process.env.CAMUNDA_NODE_1_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/camunda_node1';
const RUN = Date.now().toString(36);
const OK_KEY = `collector_it_ok_${RUN}`;
const FAIL_KEY = `collector_it_fail_${RUN}`;
const DEAD_NODE = `dead-${RUN}`;
const REST_NODE = `rest-${RUN}`;
/** Node names of this run only: other tests' collectors publish facts about node1 too. */
const SQL_NODE = `sql-${RUN}`;

const WATCHED = [
  'camunda.incident.opened.v1',
  'camunda.incident.resolved.v1',
  'camunda.process.started.v1',
  'camunda.process.completed.v1',
  'camunda.activity.completed.v1',
  'camunda.user-task.created.v1',
  'camunda.user-task.completed.v1',
  'camunda.job.failed.v1',
  'camunda.node.status.v1',
  'camunda.engine.version.v1',
  'camunda.external-task.backlog.v1',
  'camunda.engine.metrics.v1',
  'camunda.history.size.v1',
] as const satisfies readonly TopicName[];
type Watched = (typeof WATCHED)[number];

const userTaskModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.io/it">
  <bpmn:process id="${OK_KEY}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve" camunda:candidateGroups="ops,finance" />
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const settings = {
  CAMUNDA_NODE_1_NAME: SQL_NODE,
  CAMUNDA_NODE_1_URL: ENGINE,
  CAMUNDA_NODE_1_DB_URL: ENGINE_DB,
  CAMUNDA_NODE_2_NAME: DEAD_NODE,
  // The same engine without database access: its facts are read through REST.
  CAMUNDA_NODE_3_NAME: REST_NODE,
  CAMUNDA_NODE_3_URL: ENGINE,
  // Nothing listens there: the node is down from the start.
  CAMUNDA_NODE_2_URL: 'http://127.0.0.1:59999/engine-rest',
  LOG_LEVEL: 'error',
  POLL_PAGE_SIZE: '25',
  // Start at "now": the test's own instances are the only ones counted, and other tests' history is not replayed.
  INITIAL_BACKFILL_DAYS: '0',
  CIRCUIT_FAILURE_THRESHOLD: '2',
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
};

async function send(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${ENGINE}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
}

const count = async (path: string) => (await camundaGet<{ count: number }>(ENGINE, path)).count;

class FactLog {
  readonly facts = new Map<Watched, Envelope<PayloadOf<Watched>>[]>(WATCHED.map((t) => [t, []]));
  of<T extends Watched>(
    topic: T,
    filter: (payload: PayloadOf<T>, envelope: Envelope<PayloadOf<T>>) => boolean = () => true,
  ) {
    return (this.facts.get(topic) as Envelope<PayloadOf<T>>[]).filter((e) => filter(e.payload, e));
  }
}

describe('collector against real Camunda, Kafka and PostgreSQL', () => {
  const startedAt = new Date();
  const log = new FactLog();
  let consumer: Consumer;
  let app: INestApplicationContext | null = null;
  /** The collector's own database; the restarted collector opens the same one. */
  let db: TemporaryDatabase;
  /** Facts about this run's instances, as read from one node (node1 by SQL, node1-rest by REST). */
  const ofRun =
    (nodeId = SQL_NODE) =>
    (p: { processDefinitionKey: string | null }, e: { nodeId: string | null }) =>
      e.nodeId === nodeId && (p.processDefinitionKey === OK_KEY || p.processDefinitionKey === FAIL_KEY);

  async function startCollector(): Promise<PollScheduler> {
    const config = loadConfig(
      'collector',
      CollectorConfigSchema,
      { ...settings, DB_NAME: db.name },
      { families: COLLECTOR_SETTING_FAMILIES },
    );
    app = await NestFactory.createApplicationContext(CollectorModule.register(config, { schedule: false }), {
      logger: false,
    });
    return app.get(PollScheduler);
  }

  async function stopCollector(): Promise<void> {
    await app?.close();
    app = null;
  }

  beforeAll(async () => {
    db = TemporaryDatabase.create('flowpilot_collector_it');

    consumer = new Kafka({
      clientId: `collector-it-${RUN}`,
      brokers: [settings.KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
    }).consumer({
      groupId: `collector-it-${RUN}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...WATCHED], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        // Other tests put deliberately invalid messages on these topics; what the collector sends passed the schema already.
        const decoded = decodeEnvelope(topic as Watched, message);
        if (decoded.ok) log.facts.get(topic as Watched)?.push(decoded.envelope);
      },
    });

    await deployBpmn(ENGINE, OK_KEY, userTaskModel);
    await deployBpmn(ENGINE, FAIL_KEY, failingJobModel(FAIL_KEY));
  }, 60_000);

  afterAll(async () => {
    await stopCollector();
    await consumer?.disconnect();
    db?.drop();
  });

  /** Cycles until no stream of node1 stopped at its page budget (other tests may be writing history too). */
  async function collectUntilCaughtUp(collection: PollScheduler): Promise<PollOutcome[]> {
    const outcomes: PollOutcome[] = [];
    for (let i = 0; i < 20; i++) {
      const cycle = await collection.pollAll();
      outcomes.push(...cycle);
      const live = cycle.filter((o) => o.nodeId === SQL_NODE || o.nodeId === REST_NODE);
      const failed = live.find((o) => o.outcome !== 'ok');
      if (failed) throw new Error(`cycle did not succeed: ${JSON.stringify(failed)}`);
      if (!live.some((o) => o.outcome === 'ok' && o.report.streams.some((s) => s.truncated))) return outcomes;
    }
    throw new Error('node1 did not catch up in 20 cycles');
  }

  it('publishes each fact once, with the counts Camunda reports, and nothing again after a restart', async () => {
    let collection = await startCollector();
    // The first cycle sets every stream's high-water mark to now.
    await collection.pollAll();

    const okInstances: string[] = [];
    for (let i = 0; i < 3; i++) okInstances.push(await startInstance(ENGINE, OK_KEY));
    const failing: string[] = [];
    for (let i = 0; i < 3; i++) failing.push(await startInstance(ENGINE, FAIL_KEY));
    await waitFor(
      'three incidents',
      async () => (await count(`/incident/count?processDefinitionKeyIn=${FAIL_KEY}`)) === 3,
      { timeoutMs: 60_000 },
    );

    // Complete two user tasks; fix one failing instance (the incident resolves), delete another (the incident is deleted).
    for (const instance of okInstances.slice(0, 2)) {
      const [task] = await camundaGet<Array<{ id: string }>>(ENGINE, `/task?processInstanceId=${instance}`);
      await send('POST', `/task/${task.id}/complete`, { variables: {} });
    }
    await send('PUT', `/process-instance/${failing[0]}/variables/missingVar`, {
      value: 'fixed',
      type: 'String',
    });
    const [job] = await camundaGet<Array<{ id: string }>>(ENGINE, `/job?processInstanceId=${failing[0]}`);
    await send('PUT', `/job/${job.id}/retries`, { retries: 1 });
    await send('DELETE', `/process-instance/${failing[1]}?skipCustomListeners=true`);
    await waitFor(
      'the fixed instance to finish',
      async () =>
        (await count(`/history/process-instance/count?processInstanceId=${failing[0]}&finished=true`)) === 1,
    );

    // The dead node fails from the first cycle on; its circuit opens at the second (threshold 2).
    const outcomes = await collectUntilCaughtUp(collection);
    await collection.pollAll();

    expect(outcomes.find((o) => o.nodeId === DEAD_NODE)).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/ECONNREFUSED/),
    });
    const expected = {
      opened: await count(`/history/incident/count?processDefinitionKeyIn=${FAIL_KEY}`),
      open: await count(`/incident/count?processDefinitionKeyIn=${FAIL_KEY}`),
      started:
        (await count(`/history/process-instance/count?processDefinitionKey=${OK_KEY}`)) +
        (await count(`/history/process-instance/count?processDefinitionKey=${FAIL_KEY}`)),
      completed:
        (await count(`/history/process-instance/count?processDefinitionKey=${OK_KEY}&finished=true`)) +
        (await count(`/history/process-instance/count?processDefinitionKey=${FAIL_KEY}&finished=true`)),
      activities: (
        await Promise.all(
          [...okInstances, ...failing].map((id) =>
            count(`/history/activity-instance/count?processInstanceId=${id}&finished=true`),
          ),
        )
      ).reduce((a, b) => a + b, 0),
      tasksCompleted: await count(`/history/task/count?processDefinitionKey=${OK_KEY}&finished=true`),
      jobFailures: await count(`/history/job-log/count?processDefinitionKey=${FAIL_KEY}&failureLog=true`),
    };
    expect(expected).toMatchObject({ opened: 3, open: 1, started: 6, completed: 4, tasksCompleted: 2 });

    const seen = (nodeId = SQL_NODE) => ({
      opened: log.of('camunda.incident.opened.v1', ofRun(nodeId)).length,
      open:
        log.of('camunda.incident.opened.v1', ofRun(nodeId)).length -
        log.of('camunda.incident.resolved.v1', ofRun(nodeId)).length,
      started: log.of('camunda.process.started.v1', ofRun(nodeId)).length,
      completed: log.of('camunda.process.completed.v1', ofRun(nodeId)).length,
      activities: log.of('camunda.activity.completed.v1', ofRun(nodeId)).length,
      tasksCompleted: log.of('camunda.user-task.completed.v1', ofRun(nodeId)).length,
      jobFailures: log.of('camunda.job.failed.v1', ofRun(nodeId)).length,
    });
    // The REST path reads the same engine; it has no failed-job stream (REST cannot filter the job log by time).
    const expectedByRest = { ...expected, jobFailures: 0 };
    await waitFor(
      'the facts on Kafka to match Camunda',
      () => JSON.stringify([seen(), seen(REST_NODE)]) === JSON.stringify([expected, expectedByRest]),
      { timeoutMs: 20_000 },
    ).catch(() => expect([seen(), seen(REST_NODE)]).toEqual([expected, expectedByRest]));
    expect(
      log.of('camunda.user-task.created.v1', ofRun(REST_NODE)).map((e) => e.payload.candidateGroups),
    ).toEqual([
      ['finance', 'ops'],
      ['finance', 'ops'],
      ['finance', 'ops'],
    ]);
    expect(
      log
        .of('camunda.incident.opened.v1', ofRun(REST_NODE))
        .find((e) => e.payload.processInstanceId === failing[2])?.payload.stackTrace,
    ).toMatch(/missingVar/);

    const opened = log.of('camunda.incident.opened.v1', ofRun());
    expect(opened[0].nodeId).toBe(SQL_NODE);
    expect(opened[0].eventId).toBe(deriveEventId(SQL_NODE, 'incident-opened', opened[0].payload.incidentId));
    expect(opened[0].payload).toMatchObject({
      incidentType: 'failedJob',
      activityId: 'charge',
      jobId: expect.any(String),
    });
    expect(opened.find((e) => e.payload.processInstanceId === failing[2])?.payload.stackTrace).toMatch(
      /missingVar/,
    );
    expect(
      log
        .of('camunda.incident.resolved.v1', ofRun())
        .map((e) => e.payload.resolution)
        .sort(),
    ).toEqual(['deleted', 'resolved']);
    expect(log.of('camunda.user-task.created.v1', ofRun()).map((e) => e.payload.candidateGroups)).toEqual([
      ['finance', 'ops'],
      ['finance', 'ops'],
      ['finance', 'ops'],
    ]);
    expect(log.of('camunda.job.failed.v1', ofRun()).map((e) => e.payload.retriesLeft)).toContain(0);

    const statusOf = (nodeId: string) =>
      log.of(
        'camunda.node.status.v1',
        (p, e) => p.nodeName === nodeId && e.occurredAt >= startedAt.toISOString(),
      );
    await waitFor(
      'the node transitions',
      () =>
        statusOf(DEAD_NODE).length === 1 &&
        statusOf(REST_NODE).length === 1 &&
        statusOf(SQL_NODE).length === 1,
      { timeoutMs: 10_000 },
    );
    expect(statusOf(DEAD_NODE)[0].payload).toMatchObject({
      status: 'down',
      previousStatus: 'unknown',
      restLatencyMs: null,
    });
    expect(statusOf(REST_NODE)[0].payload).toMatchObject({
      status: 'up',
      previousStatus: 'unknown',
      engineVersion: '7.24.0',
    });
    expect(statusOf(SQL_NODE)[0].payload).toMatchObject({ status: 'up', restLatencyMs: expect.any(Number) });

    // A new collector on the same database: nothing is republished, and a new incident is published once.
    await stopCollector();
    const before = seen();
    const beforeByRest = seen(REST_NODE);
    const statusesBefore = [
      statusOf(DEAD_NODE).length,
      statusOf(REST_NODE).length,
      statusOf(SQL_NODE).length,
    ];
    collection = await startCollector();
    await collectUntilCaughtUp(collection);
    const another = await startInstance(ENGINE, FAIL_KEY);
    await waitFor(
      'the new incident',
      async () => (await count(`/incident/count?processInstanceId=${another}`)) === 1,
    );
    await collectUntilCaughtUp(collection);
    const newIncidentFacts = () =>
      log
        .of(
          'camunda.incident.opened.v1',
          (p, e) => p.processInstanceId === another && (e.nodeId === SQL_NODE || e.nodeId === REST_NODE),
        )
        .map((e) => e.nodeId);
    await waitFor('the new incident fact from both nodes', () => newIncidentFacts().length === 2, {
      timeoutMs: 10_000,
    }).catch(() => expect(newIncidentFacts()).toEqual([SQL_NODE, REST_NODE]));
    // Give any repeat the time to arrive before checking there was none.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    // The new instance: started, its start event completed, its job failed once, its incident opened.
    expect(seen()).toEqual({
      ...before,
      started: before.started + 1,
      activities: before.activities + 1,
      jobFailures: before.jobFailures + 1,
      opened: before.opened + 1,
      open: before.open + 1,
    });
    expect(seen(REST_NODE)).toEqual({
      ...beforeByRest,
      started: beforeByRest.started + 1,
      activities: beforeByRest.activities + 1,
      opened: beforeByRest.opened + 1,
      open: beforeByRest.open + 1,
    });
    // Still down, still up: the persisted status means the new collector publishes no transition.
    expect([statusOf(DEAD_NODE).length, statusOf(REST_NODE).length, statusOf(SQL_NODE).length]).toEqual(
      statusesBefore,
    );
  }, 120_000);

  it('publishes the snapshots of each node: engine version, external-task backlog, engine metrics, history size', async () => {
    const of = <T extends Watched>(topic: T, nodeId: string) => log.of(topic, (_p, e) => e.nodeId === nodeId);
    await waitFor(
      'the snapshot facts',
      () =>
        [SQL_NODE, REST_NODE].every(
          (nodeId) =>
            of('camunda.engine.version.v1', nodeId).length > 0 &&
            of('camunda.external-task.backlog.v1', nodeId).length > 0 &&
            of('camunda.engine.metrics.v1', nodeId).length > 0,
        ) && of('camunda.history.size.v1', SQL_NODE).length > 0,
      { timeoutMs: 10_000 },
    );

    for (const nodeId of [SQL_NODE, REST_NODE]) {
      expect(of('camunda.engine.version.v1', nodeId).map((e) => e.payload.version)).toEqual(['7.24.0']);
      const [backlog] = of('camunda.external-task.backlog.v1', nodeId);
      const sum = (key: 'open' | 'locked' | 'withoutRetries') =>
        backlog.payload.topics.reduce((total, t) => total + t[key], 0);
      expect(backlog.payload.totals).toEqual({
        open: sum('open'),
        locked: sum('locked'),
        withoutRetries: sum('withoutRetries'),
      });
      const windows = of('camunda.engine.metrics.v1', nodeId).map((e) => e.payload);
      expect(Date.parse(windows[0].windowEnd) - Date.parse(windows[0].windowStart)).toBe(60_000);
    }
    // The history of this run's instances alone is in act_hi_procinst; the engine holds at least that many rows.
    const [size] = of('camunda.history.size.v1', SQL_NODE);
    const procinst = size.payload.tables.find((t) => t.table === 'act_hi_procinst');
    expect(procinst?.bytes).toBeGreaterThan(0);
    expect(size.payload.archiveThresholdDays).toBe(90);
    expect(size.payload.totalBytes).toBe(size.payload.tables.reduce((total, t) => total + t.bytes, 0));
  }, 30_000);
});
