import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  AnomalyDetected,
  AppLogger,
  BottlenecksReport,
  connectEnvelopeConsumer,
  EventPublisher,
  loadConfig,
  SlaAlert,
} from '@flowpilot/shared';
import { TemporaryDatabase } from '@flowpilot/shared/testing';
import { AnalyzerConfigSchema } from '../../apps/analyzer/src/analyzer.config';
import { AnalyzerModule } from '../../apps/analyzer/src/analyzer.module';
import { COLLECTOR_SETTING_FAMILIES, CollectorConfigSchema } from '../../apps/collector/src/collector.config';
import { CollectorModule } from '../../apps/collector/src/collector.module';
import { deployBpmn, startInstance } from '../support/camunda';
import { waitFor } from '../support/wait-for';

/**
 * Two real Camunda nodes under generated load whose timings the test
 * controls (it is the external-task worker), the real collector polling both,
 * and the analyzer judging its facts, all over Kafka and PostgreSQL. Everything
 * lives in its own database and carries a run id; the deployments are removed
 * at the end.
 */
const RUN = Date.now().toString(36);
const NODES = [
  {
    name: `cit1-${RUN}`,
    url: process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest',
    db: 'camunda_node1',
  },
  {
    name: `cit2-${RUN}`,
    url: process.env.CAMUNDA_NODE_2_URL ?? 'http://127.0.0.1:8081/engine-rest',
    db: 'camunda_node2',
  },
];
const ORDER_KEY = `acit_order_${RUN}`;
const TASK_KEY = `acit_approval_${RUN}`;
const USER_TASK = `approve_${RUN}`;
const PACK = `acit-pack-${RUN}`;
const SHIP = `acit-ship-${RUN}`;
const BASELINE = 60;
const SLOW = 5;
const SLOW_SHIP_MS = 5_000;
// Wide enough that the at-risk window (10–20 s) opens after the collector has reported the task, even on a loaded machine.
const SLA_TARGET = 'PT20S';

const orderModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.io/it">
  <bpmn:process id="${ORDER_KEY}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pack" />
    <bpmn:serviceTask id="pack" name="Pack" camunda:type="external" camunda:topic="${PACK}" />
    <bpmn:sequenceFlow id="f2" sourceRef="pack" targetRef="ship" />
    <bpmn:serviceTask id="ship" name="Ship" camunda:type="external" camunda:topic="${SHIP}" />
    <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const approvalModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.io/it">
  <bpmn:process id="${TASK_KEY}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="${USER_TASK}" />
    <bpmn:userTask id="${USER_TASK}" name="Approve" camunda:candidateGroups="ops" />
    <bpmn:sequenceFlow id="f2" sourceRef="${USER_TASK}" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

async function rest<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/**
 * The external-task worker whose timing the test controls: `pack` and normal
 * `ship` tasks are completed at once, the `ship` of a planted instance is held
 * for SLOW_SHIP_MS first.
 */
class ControlledWorker {
  private stopped = false;
  private readonly held: Promise<unknown>[] = [];
  readonly slowInstances = new Set<string>();

  constructor(private readonly engine: string) {}

  async run(): Promise<void> {
    while (!this.stopped) {
      const tasks = await rest<{ id: string; topicName: string; processInstanceId: string }[]>(
        `${this.engine}/external-task/fetchAndLock`,
        'POST',
        {
          workerId: `acit-${RUN}`,
          maxTasks: 50,
          asyncResponseTimeout: 500,
          topics: [PACK, SHIP].map((topicName) => ({ topicName, lockDuration: 60_000 })),
        },
      );
      // Completed together, so no task waits behind another: normal durations stay short and steady.
      await Promise.all(
        tasks.map((task) => {
          const complete = () =>
            rest(`${this.engine}/external-task/${task.id}/complete`, 'POST', { workerId: `acit-${RUN}` });
          if (task.topicName === SHIP && this.slowInstances.has(task.processInstanceId)) {
            this.held.push(new Promise((r) => setTimeout(r, SLOW_SHIP_MS)).then(complete));
            return undefined;
          }
          return complete();
        }),
      );
    }
    await Promise.all(this.held);
  }

  stop(): void {
    this.stopped = true;
  }
}

describe('analyzer on two real Camunda nodes with the collector', () => {
  let analyzer: INestApplication;
  let collector: INestApplicationContext | null = null;
  let db: DataSource;
  /** The analyzer's and the collector's databases, each in its own schema, as in production. */
  let testDb: TemporaryDatabase;
  const deployments: { engine: string; id: string }[] = [];
  const workers = NODES.map((n) => new ControlledWorker(n.url));
  const running: Promise<void>[] = [];
  const kafka = new Kafka({
    clientId: `acit-${RUN}`,
    brokers: [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'],
    logLevel: logLevel.NOTHING,
  });
  const reader = kafka.consumer({ groupId: `acit-${RUN}-reader` });
  const anomalies: AnomalyDetected[] = [];
  const bottlenecks: BottlenecksReport[] = [];
  const slaAlerts: SlaAlert[] = [];
  const ofRun = (nodeId: string) => NODES.some((n) => n.name === nodeId);

  beforeAll(async () => {
    testDb = TemporaryDatabase.create('flowpilot_analyzer_camunda_it');

    const config = loadConfig('analyzer', AnalyzerConfigSchema, {
      ...process.env,
      DB_NAME: testDb.name,
      LOG_LEVEL: 'warn',
      KAFKA_GROUP_PREFIX: `acit-${RUN}`,
      SLA_SWEEP_INTERVAL_MS: '250',
      SLA_AT_RISK_SHARE: '0.5',
      ANALYSIS_INTERVAL_MS: '1000',
      ANOMALY_MIN_DURATION_MS: '500',
      SLA_TARGETS: JSON.stringify({ userTasks: { [USER_TASK]: SLA_TARGET } }),
    });
    const service = `analyzer-acit-${RUN}`;
    const moduleRef = await Test.createTestingModule({
      imports: [AnalyzerModule.register(config, service)],
    }).compile();
    analyzer = moduleRef.createNestApplication();
    analyzer.useLogger(analyzer.get(AppLogger));
    connectEnvelopeConsumer(analyzer, { groupId: `acit-${RUN}.${service}`, fromBeginning: false });
    await analyzer.init();
    await analyzer.startAllMicroservices();
    db = analyzer.get(DataSource);

    await reader.connect();
    await reader.subscribe({
      topics: ['analysis.anomaly.v1', 'analysis.bottlenecks.v1', 'analysis.sla.v1'],
      fromBeginning: false,
    });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const { payload } = JSON.parse(message.value!.toString()) as { payload: { nodeName: string } };
        if (!ofRun(payload.nodeName)) return;
        if (topic === 'analysis.anomaly.v1') anomalies.push(payload as AnomalyDetected);
        if (topic === 'analysis.bottlenecks.v1') bottlenecks.push(payload as BottlenecksReport);
        if (topic === 'analysis.sla.v1') slaAlerts.push(payload as SlaAlert);
      },
    });
    // The analyzer starts at the end of its topics: it must own them before the collector publishes anything.
    const probe = `acit-probe-${RUN}`;
    await waitFor(
      'the analyzer to own its partitions',
      async () => {
        await analyzer.get(EventPublisher).publish(
          'camunda.node.status.v1',
          {
            nodeName: probe,
            url: 'http://127.0.0.1:1/engine-rest',
            status: 'up',
            previousStatus: 'unknown',
            restLatencyMs: 1,
            reason: null,
            engineVersion: null,
          },
          { nodeId: probe },
        );
        const rows: unknown[] = await db.query(`SELECT 1 FROM node_state WHERE node_name = $1`, [probe]);
        return rows.length === 1;
      },
      { timeoutMs: 45_000, intervalMs: 1_500 },
    );
    // Let the reader join too before any result can be published.
    await new Promise((r) => setTimeout(r, 3_000));

    for (const node of NODES) {
      for (const [key, xml] of [
        [ORDER_KEY, orderModel],
        [TASK_KEY, approvalModel],
      ]) {
        deployments.push({ engine: node.url, id: (await deployBpmn(node.url, key, xml)).deploymentId });
      }
    }
    const collectorConfig = loadConfig(
      'collector',
      CollectorConfigSchema,
      {
        ...Object.fromEntries(
          NODES.flatMap((n, i) => [
            [`CAMUNDA_NODE_${i + 1}_NAME`, n.name],
            [`CAMUNDA_NODE_${i + 1}_URL`, n.url],
            [`CAMUNDA_NODE_${i + 1}_DB_URL`, `postgres://postgres@127.0.0.1:5432/${n.db}`],
          ]),
        ),
        DB_NAME: testDb.name,
        LOG_LEVEL: 'error',
        POLL_INTERVAL_MS: '1000',
        INITIAL_BACKFILL_DAYS: '0',
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      },
      { families: COLLECTOR_SETTING_FAMILIES },
    );
    collector = await NestFactory.createApplicationContext(CollectorModule.register(collectorConfig), {
      logger: false,
    });
    running.push(...workers.map((w) => w.run()));
  }, 180_000);

  afterAll(async () => {
    workers.forEach((w) => w.stop());
    await Promise.allSettled(running);
    await collector?.close();
    await reader.disconnect();
    await analyzer?.close();
    for (const d of deployments)
      await rest(`${d.engine}/deployment/${d.id}?cascade=true`, 'DELETE').catch(() => undefined);
    testDb?.drop();
  }, 60_000);

  async function shipCount(nodeId: string): Promise<number> {
    const rows: { sample_count: string }[] = await db.query(
      `SELECT sample_count FROM duration_stats WHERE node_name = $1 AND process_definition_key = $2 AND activity_id = 'ship'`,
      [nodeId, ORDER_KEY],
    );
    return Number(rows[0]?.sample_count ?? 0);
  }

  it('reports the planted slow activity as the top bottleneck of each node and its instances as anomalies', async () => {
    for (const node of NODES) for (let i = 0; i < BASELINE; i++) await startInstance(node.url, ORDER_KEY);
    await waitFor(
      'the baseline of both nodes to be counted',
      async () => (await Promise.all(NODES.map((n) => shipCount(n.name)))).every((c) => c === BASELINE),
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    for (const [i, node] of NODES.entries()) {
      for (let s = 0; s < SLOW; s++) workers[i].slowInstances.add(await startInstance(node.url, ORDER_KEY));
    }

    for (const [i, node] of NODES.entries()) {
      const report = await waitFor(
        `a bottleneck report of ${node.name} over all its instances`,
        () =>
          bottlenecks.find(
            (r) =>
              r.nodeName === node.name &&
              r.processDefinitionKey === ORDER_KEY &&
              r.activities.find((a) => a.activityId === 'ship')?.count === BASELINE + SLOW,
          ),
        { timeoutMs: 60_000 },
      );
      expect(report.activities.map((a) => `${a.activityId} p95=${a.p95Ms}`)[0]).toMatch(/^ship /);
      expect(report.activities[0].p95Ms).toBeGreaterThanOrEqual(SLOW_SHIP_MS * (1 - report.relativeAccuracy));
      expect(report.activities[0].p50Ms).toBeLessThan(SLOW_SHIP_MS / 3);
      expect(report.activities.map((a) => a.activityId)).toContain('pack');

      const planted = [...workers[i].slowInstances].sort();
      const named = await waitFor(
        `anomalies naming each slow instance of ${node.name}`,
        () => {
          const ids = new Set(
            anomalies
              .filter((a) => a.nodeName === node.name && a.scope === 'activity' && a.activityId === 'ship')
              .map((a) => a.processInstanceId),
          );
          return planted.every((id) => ids.has(id)) ? ids : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(planted.every((id) => named.has(id))).toBe(true);
    }
  }, 240_000);

  it('alerts a user task left open at-risk and then breached, once each, and nothing for one done in time', async () => {
    const [, node2] = NODES;
    const openInstance = await startInstance(node2.url, TASK_KEY);
    const quickInstance = await startInstance(node2.url, TASK_KEY);
    const [quickTask] = await rest<{ id: string }[]>(
      `${node2.url}/task?processInstanceId=${quickInstance}`,
      'GET',
    );
    await rest(`${node2.url}/task/${quickTask.id}/complete`, 'POST', {});
    const [openTask] = await rest<{ id: string }[]>(
      `${node2.url}/task?processInstanceId=${openInstance}`,
      'GET',
    );

    const forTask = (taskId: string) => slaAlerts.filter((a) => a.taskId === taskId);
    await waitFor('the open task to breach', () => forTask(openTask.id).some((a) => a.state === 'breached'), {
      timeoutMs: 45_000,
    });
    await new Promise((r) => setTimeout(r, 2_000));

    const alerts = forTask(openTask.id);
    expect(alerts.map((a) => a.state)).toEqual(['at-risk', 'breached']);
    expect(alerts.every((a) => a.nodeName === node2.name && a.target === SLA_TARGET && a.open)).toBe(true);
    expect(forTask(quickTask.id)).toEqual([]);
  }, 90_000);
});
