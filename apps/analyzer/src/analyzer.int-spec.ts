import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  AppLogger,
  connectEnvelopeConsumer,
  EventPublisher,
  loadConfig,
  PayloadOf,
  TopicName,
} from '@flowpilot/shared';
import { waitFor } from '../../../test/support/wait-for';
import { AnalyzerConfigSchema } from './analyzer.config';
import { AnalyzerModule } from './analyzer.module';

/**
 * The analyzer against the real broker and database: synthetic facts with
 * controlled timings go in through Kafka, judgements come out through Kafka.
 * Names carry a run id, and the app gets its own schema and consumer group.
 */
const run = randomUUID().slice(0, 8);
const service = `analyzer-it-${run}`;
const nodeId = `it-${run}-n1`;
const processKey = `it-${run}-order`;
const taskKey = `it-${run}-approve`;
const JUDGEMENT_TOPICS = [
  'analysis.anomaly.v1',
  'analysis.bottlenecks.v1',
  'analysis.sla.v1',
  'analysis.job-failure-risk.v1',
  'analysis.health.v1',
  'analysis.leaderboard.v1',
] as const;
type JudgementTopic = (typeof JUDGEMENT_TOPICS)[number];

const config = loadConfig('analyzer', AnalyzerConfigSchema, {
  ...process.env,
  LOG_LEVEL: 'warn',
  KAFKA_GROUP_PREFIX: `it-${run}`,
  SLA_SWEEP_INTERVAL_MS: '200',
  ANALYSIS_INTERVAL_MS: '1000',
  ANOMALY_MIN_DURATION_MS: '100',
});

const BASELINE = 50;
const SECOND_PHASE = 40;
/** Every 7th instance of the second phase has a slow `ship`: 6 of 90, enough to own ship's p95. */
const isSlow = (i: number) => i >= BASELINE && (i - BASELINE) % 7 === 3;
const SLOW_SHIP_MS = 8_000;

describe('analyzer through Kafka and PostgreSQL', () => {
  let app: INestApplication;
  let publisher: EventPublisher;
  let db: DataSource;
  const kafka = new Kafka({
    clientId: `it-${run}-reader`,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const reader = kafka.consumer({ groupId: `it-${run}-reader` });
  const seen: { topic: JudgementTopic; payload: Record<string, unknown> }[] = [];
  const seenOn = <T extends JudgementTopic>(topic: T) =>
    seen.filter((s) => s.topic === topic).map((s) => s.payload as PayloadOf<T>);

  async function fact<T extends TopicName>(
    topic: T,
    payload: PayloadOf<T>,
    eventId?: string,
  ): Promise<string> {
    return (await publisher.publish(topic, payload, { nodeId, eventId })).eventId;
  }

  /** True once the analyzer's consumer group has committed the handling of `eventId`. */
  async function handled(eventId: string): Promise<boolean> {
    const rows = await db.query<unknown[]>(`SELECT 1 FROM processed_events WHERE event_id = $1`, [eventId]);
    return rows.length === 1;
  }

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AnalyzerModule.register(config, service)],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useLogger(app.get(AppLogger));
    connectEnvelopeConsumer(app, { groupId: `it-${run}.${service}`, fromBeginning: false });
    await app.init();
    await app.startAllMicroservices();
    publisher = app.get(EventPublisher);
    db = app.get(DataSource);

    await reader.connect();
    await reader.subscribe({ topics: [...JUDGEMENT_TOPICS], fromBeginning: false });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const envelope = JSON.parse(message.value!.toString()) as { payload: Record<string, unknown> };
        const about = (envelope.payload.nodeName ??
          (envelope.payload.nodes as { nodeName: string }[] | undefined)?.[0]?.nodeName) as
          string | undefined;
        if (about?.startsWith(`it-${run}`))
          seen.push({ topic: topic as JudgementTopic, payload: envelope.payload });
      },
    });
    // Both consumer groups start at the end: keep probing until the analyzer has its partitions and the reader sees its output.
    await waitFor(
      'the analyzer and the reader to own their partitions',
      async () => {
        await fact('camunda.node.status.v1', {
          nodeName: nodeId,
          url: 'http://127.0.0.1:1/engine-rest',
          status: 'up',
          previousStatus: 'unknown',
          restLatencyMs: 120,
          reason: null,
          engineVersion: '7.24.0',
        });
        const rows: unknown[] = await db.query(`SELECT 1 FROM node_state WHERE node_name = $1`, [nodeId]);
        return rows.length === 1 && seenOn('analysis.health.v1').length > 0;
      },
      { timeoutMs: 45_000, intervalMs: 1_500 },
    );
  }, 90_000);

  afterAll(async () => {
    await reader.disconnect();
    await app?.close();
    const admin = new Client({
      host: config.DB_HOST,
      port: config.DB_PORT,
      database: config.DB_NAME,
      user: config.DB_USER,
      password: config.DB_PASSWORD,
    });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${service.replace(/-/g, '_')}" CASCADE`);
    await admin.end();
  }, 30_000);

  async function instance(i: number, day: Date): Promise<void> {
    const id = `${run}-pi-${i}`;
    const started = new Date(day.getTime() + i * 60_000);
    const timings: [string, number][] = [
      ['validate', 100 + (i % 5) * 4],
      ['charge', 200 + (i % 3) * 10],
      ['ship', isSlow(i) ? SLOW_SHIP_MS : 300 + (i % 7) * 5],
    ];
    await fact('camunda.process.started.v1', {
      processInstanceId: id,
      processDefinitionId: `${processKey}:1:x`,
      processDefinitionKey: processKey,
      businessKey: null,
      startedAt: started.toISOString(),
    });
    let at = started.getTime();
    for (const [activityId, durationMs] of timings) {
      await fact('camunda.activity.completed.v1', {
        activityInstanceId: `${id}-${activityId}`,
        activityId,
        activityName: activityId,
        activityType: 'serviceTask',
        processDefinitionId: `${processKey}:1:x`,
        processDefinitionKey: processKey,
        processInstanceId: id,
        executionId: null,
        assignee: null,
        canceled: false,
        startedAt: new Date(at).toISOString(),
        endedAt: new Date(at + durationMs).toISOString(),
        durationMs,
      });
      at += durationMs;
    }
    await fact('camunda.process.completed.v1', {
      processInstanceId: id,
      processDefinitionId: `${processKey}:1:x`,
      processDefinitionKey: processKey,
      businessKey: null,
      state: 'COMPLETED',
      startedAt: started.toISOString(),
      endedAt: new Date(at).toISOString(),
      durationMs: at - started.getTime(),
    });
  }

  async function statsCount(activityId: string): Promise<number> {
    const rows: { sample_count: string }[] = await db.query(
      `SELECT sample_count FROM duration_stats WHERE node_name = $1 AND process_definition_key = $2 AND activity_id = $3`,
      [nodeId, processKey, activityId],
    );
    return Number(rows[0]?.sample_count ?? 0);
  }

  it('names the planted slow activity as the top bottleneck and its slow instances as anomalies', async () => {
    const day = new Date(Date.now() - 3 * 3_600_000);
    for (let i = 0; i < BASELINE; i++) await instance(i, day);
    await waitFor(
      'the baseline to be counted',
      async () => (await statsCount('ship')) === BASELINE && (await statsCount('')) === BASELINE,
    );
    for (let i = BASELINE; i < BASELINE + SECOND_PHASE; i++) await instance(i, day);
    for (let f = 0; f < 12; f++) {
      await fact('camunda.job.failed.v1', {
        failureId: `${run}-fail-${f}`,
        jobId: `${run}-job-${f}`,
        jobDefinitionId: null,
        jobType: 'async-continuation',
        activityId: 'charge',
        failedActivityId: 'charge',
        processDefinitionId: `${processKey}:1:x`,
        processDefinitionKey: processKey,
        processInstanceId: `${run}-pi-${f}`,
        retriesLeft: 2,
        exceptionMessage: 'payment gateway timeout',
        failedAt: new Date().toISOString(),
      });
    }
    const total = BASELINE + SECOND_PHASE;

    const report = await waitFor('a bottleneck report over all instances', () =>
      seenOn('analysis.bottlenecks.v1')
        .filter((r) => r.processDefinitionKey === processKey)
        .find((r) => r.activities.find((a) => a.activityId === 'ship')?.count === total),
    );

    expect(report.activities.map((a) => a.activityId)).toEqual(['ship', 'charge', 'validate']);
    const ship = report.activities[0];
    expect(ship.rank).toBe(1);
    expect(Math.abs(ship.p95Ms - SLOW_SHIP_MS) / SLOW_SHIP_MS).toBeLessThanOrEqual(report.relativeAccuracy);
    expect(ship.p50Ms).toBeLessThan(340);
    expect(ship.totalMs).toBe(
      Array.from({ length: total }, (_, i) => (isSlow(i) ? SLOW_SHIP_MS : 300 + (i % 7) * 5)).reduce(
        (s, v) => s + v,
        0,
      ),
    );

    const slowInstances = Array.from({ length: total }, (_, i) => i)
      .filter(isSlow)
      .map((i) => `${run}-pi-${i}`);
    const anomalies = await waitFor('an anomaly for each slow ship and each slow instance', () => {
      const found = seenOn('analysis.anomaly.v1');
      const activity = found.filter((a) => a.scope === 'activity');
      const process = found.filter((a) => a.scope === 'process');
      return activity.length >= slowInstances.length && process.length >= slowInstances.length
        ? found
        : undefined;
    });
    const activityAnomalies = anomalies.filter((a) => a.scope === 'activity');
    expect(activityAnomalies.map((a) => a.processInstanceId).sort()).toEqual([...slowInstances].sort());
    expect(
      activityAnomalies.every((a) => a.activityId === 'ship' && a.direction === 'slow' && a.zScore >= 3),
    ).toBe(true);
    expect(
      anomalies
        .filter((a) => a.scope === 'process')
        .map((a) => a.processInstanceId)
        .sort(),
    ).toEqual([...slowInstances].sort());

    const risk = await waitFor('a job-failure risk for charge', () =>
      seenOn('analysis.job-failure-risk.v1')
        .flatMap((r) => r.entries)
        .find((e) => e.activityId === 'charge' && e.failures === 12 && e.completions === total),
    );
    expect(risk).toMatchObject({ processDefinitionKey: processKey, completions: total });
    expect(risk.failureRate).toBeCloseTo(12 / (12 + total), 9);

    const board = await waitFor('a leaderboard with the definition', () =>
      seenOn('analysis.leaderboard.v1')
        .flatMap((r) => r.entries)
        .find((e) => e.processDefinitionKey === processKey && e.completed === total),
    );
    expect(board).toMatchObject({ slaCompliance: 1, incidentRate: 0 });
    expect(board.p95Ms).toBeGreaterThan(SLOW_SHIP_MS);
  }, 120_000);

  it('does not count a re-delivered fact twice', async () => {
    const before = await statsCount('ship');
    // The collector derives a fact's event id from the node, the stream and the row: a re-read row is the same event.
    const shipped = {
      activityInstanceId: `${run}-pi-0-ship-again`,
      activityId: 'ship',
      activityName: 'ship',
      activityType: 'serviceTask',
      processDefinitionId: `${processKey}:1:x`,
      processDefinitionKey: processKey,
      processInstanceId: `${run}-pi-0`,
      executionId: null,
      assignee: null,
      canceled: false,
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
      durationMs: 300,
    };
    const eventId = await fact('camunda.activity.completed.v1', shipped);
    await waitFor('the fact to be counted', async () => (await statsCount('ship')) === before + 1);
    await fact('camunda.activity.completed.v1', shipped, eventId);
    const marker = `${run}-after-repeat`;
    await fact('camunda.activity.completed.v1', {
      activityInstanceId: marker,
      activityId: 'marker',
      activityName: null,
      activityType: 'serviceTask',
      processDefinitionId: `${processKey}:1:x`,
      processDefinitionKey: processKey,
      processInstanceId: `${run}-pi-0`,
      executionId: null,
      assignee: null,
      canceled: false,
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
      durationMs: 5,
    });

    await waitFor('the fact after the repeat to be counted', async () => (await statsCount('marker')) === 1);

    expect(await statsCount('ship')).toBe(before + 1);
  }, 60_000);

  it('alerts a user task left open at-risk and then breached, once each, after a run-time target change', async () => {
    await publisher.publish('settings.thresholds.v1', {
      // Revision 0: every analyzer that already applied a real change ignores this test's snapshot.
      revision: 0,
      changedAt: new Date().toISOString(),
      changedBy: `it-${run}`,
      thresholds: { slaTargets: { processes: {}, userTasks: { [taskKey]: 'PT10S' } } },
    });
    await waitFor('the target change to be applied', async () => {
      const rows: { thresholds: { slaTargets?: { userTasks?: Record<string, string> } } }[] = await db.query(
        `SELECT thresholds FROM threshold_overrides`,
      );
      return rows[0]?.thresholds.slaTargets?.userTasks?.[taskKey] === 'PT10S';
    });
    const task = (taskId: string) => ({
      taskId,
      name: 'Approve order',
      taskDefinitionKey: taskKey,
      processDefinitionId: `${processKey}:1:x`,
      processDefinitionKey: processKey,
      processInstanceId: `${run}-pi-1`,
      assignee: 'demo',
      candidateGroups: ['approvers'],
      candidateUsers: [],
      priority: 50,
      dueDate: null,
      createdAt: new Date().toISOString(),
    });
    const leftOpen = `${run}-task-open`;
    const doneInTime = `${run}-task-quick`;
    await fact('camunda.user-task.created.v1', task(leftOpen));
    const quick = task(doneInTime);
    await fact('camunda.user-task.created.v1', quick);
    await fact('camunda.user-task.completed.v1', {
      ...quick,
      endedAt: new Date().toISOString(),
      ageMs: 500,
      outcome: 'completed',
      deleteReason: null,
    });

    const alertsFor = (taskId: string) => seenOn('analysis.sla.v1').filter((a) => a.taskId === taskId);
    await waitFor('the open task to breach', () => alertsFor(leftOpen).some((a) => a.state === 'breached'), {
      timeoutMs: 30_000,
    });
    // Several more sweeps run; none may alert again.
    await new Promise((r) => setTimeout(r, 1_500));

    const alerts = alertsFor(leftOpen);
    expect(alerts.map((a) => a.state)).toEqual(['at-risk', 'breached']);
    expect(alerts[0]).toMatchObject({
      subject: 'user-task',
      nodeName: nodeId,
      target: 'PT10S',
      targetMs: 10_000,
      targetSource: 'user-task',
      open: true,
    });
    expect(alerts[0].elapsedMs).toBeGreaterThanOrEqual(8_000);
    expect(alerts[0].elapsedMs).toBeLessThan(10_000);
    expect(alerts[1].elapsedMs).toBeGreaterThanOrEqual(10_000);
    expect(alertsFor(doneInTime)).toEqual([]);

    const metrics = await app.get(Registry).getSingleMetricAsString('flowpilot_analyzer_sla_breached_total');
    expect(metrics).toMatch(new RegExp(`\\{node="${nodeId}",subject="user-task"[^}]*\\} 1$`, 'm'));
  }, 60_000);

  it('scores the node and the cluster with every factor visible', async () => {
    await fact('camunda.incident.opened.v1', {
      incidentId: `${run}-inc-1`,
      incidentType: 'failedJob',
      message: 'payment gateway timeout',
      activityId: 'charge',
      failedActivityId: 'charge',
      processDefinitionId: `${processKey}:1:x`,
      processDefinitionKey: processKey,
      processInstanceId: `${run}-pi-3`,
      executionId: null,
      jobId: `${run}-job-3`,
      externalTaskId: null,
      causeIncidentId: null,
      rootCauseIncidentId: null,
      tenantId: null,
      createdAt: new Date().toISOString(),
      stackTrace: null,
    });

    const health = await waitFor('a node health score with the incident', () =>
      seenOn('analysis.health.v1').find(
        (h) => h.scope === 'node' && h.factors.find((f) => f.name === 'incidents')?.value === 1,
      ),
    );

    expect(health.factors.map((f) => f.name)).toEqual([
      'reachability',
      'incidents',
      'failed-jobs',
      'backlog',
      'latency',
    ]);
    // 1 of 20 incidents → 95; 12 of 50 failures in the hour → 76; no backlog reported → 100; 120 ms → 100.
    expect(health.factors.map((f) => f.score)).toEqual([100, 95, 76, 100, 100]);
    expect(health.score).toBeCloseTo(0.3 * 95 + 0.3 * 76 + 0.2 * 100 + 0.2 * 100, 6);
    const gauge = await app.get(Registry).getSingleMetricAsString('flowpilot_analyzer_health_score');
    expect(gauge).toMatch(new RegExp(`\\{scope="node",node="${nodeId}"[^}]*\\} ${health.score}$`, 'm'));
  }, 60_000);

  it('leaves no open incident when the resolution is handled before the opening', async () => {
    const incidentId = `${run}-inc-late-open`;
    const ledgerHas = async (kind: string) =>
      (
        await db.query<unknown[]>(
          `SELECT 1 FROM fact_ledger WHERE node_name = $1 AND kind = $2 AND fact_id = $3`,
          [nodeId, kind, incidentId],
        )
      ).length === 1;
    const createdAt = new Date().toISOString();

    await fact('camunda.incident.resolved.v1', {
      incidentId,
      incidentType: 'failedJob',
      processDefinitionKey: null,
      processInstanceId: `${run}-pi-late`,
      activityId: 'charge',
      resolution: 'resolved',
      createdAt,
      endedAt: new Date().toISOString(),
    });
    await waitFor('the resolution to be handled', () => ledgerHas('incident-resolve'), {
      timeoutMs: 20_000,
    });
    const opening = await fact('camunda.incident.opened.v1', {
      incidentId,
      incidentType: 'failedJob',
      message: 'payment gateway timeout',
      activityId: 'charge',
      failedActivityId: 'charge',
      processDefinitionId: null,
      processDefinitionKey: null,
      processInstanceId: `${run}-pi-late`,
      executionId: null,
      jobId: `${run}-job-late`,
      externalTaskId: null,
      causeIncidentId: null,
      rootCauseIncidentId: null,
      tenantId: null,
      createdAt,
      stackTrace: null,
    });
    await waitFor('the late opening to be handled', () => handled(opening), {
      timeoutMs: 20_000,
    });

    const open: unknown[] = await db.query(
      `SELECT 1 FROM open_incidents WHERE node_name = $1 AND incident_id = $2`,
      [nodeId, incidentId],
    );
    expect(open).toEqual([]);
  }, 60_000);
});
