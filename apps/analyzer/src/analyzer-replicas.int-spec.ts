import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  AnomalyDetected,
  AppLogger,
  connectEnvelopeConsumer,
  EventPublisher,
  loadConfig,
  PayloadOf,
  PipelineEvents,
  PublishItem,
  SlaAlert,
  TopicName,
} from '@flowpilot/shared';
import { waitFor } from '../../../test/support/wait-for';
import { AnalyzerConfigSchema } from './analyzer.config';
import { AnalyzerModule } from './analyzer.module';
import { JudgementEvents } from './observability/judgement.events';

/**
 * The same facts, judged three ways on the real broker and database: one
 * replica taking batches, two replicas of one consumer group sharing the
 * partitions, and one replica taking one event per transaction (the old
 * handling). Their aggregates, anomalies and SLA alerts must be the same.
 */
const run = randomUUID().slice(0, 8);
const nodeId = `it-${run}-n1`;
const DEFINITIONS = ['order', 'claim', 'refund'].map((d) => `it-${run}-${d}`);
const ACTIVITIES = ['validate', 'score', 'charge', 'ship', 'notify'];
const INSTANCES = 60;
/** Instances (per definition) whose `charge` and whole run are slow, published after the baseline. */
const isSlow = (i: number) => i >= 40 && i % 9 === 4;

interface Replica {
  app: INestApplication;
  anomalies: AnomalyDetected[];
  alerts: SlaAlert[];
  /** Activity facts this replica handled (each replica of a group gets its share of the partitions). */
  handledActivities: number;
}

interface Deployment {
  name: string;
  schema: string;
  replicas: Replica[];
}

function configFor(handling: 'batched' | 'per-message') {
  return loadConfig('analyzer', AnalyzerConfigSchema, {
    ...process.env,
    LOG_LEVEL: 'warn',
    KAFKA_GROUP_PREFIX: `it-${run}`,
    ANOMALY_MIN_DURATION_MS: '100',
    SLA_THRESHOLD_HOURS: '24',
    // The alerts compared are those raised by handling completions. A sweep between a task's creation
    // and its completion would alert the open task first, and its completion would then raise none; so
    // no sweep runs during the test (the first comes an interval after start).
    SLA_SWEEP_INTERVAL_MS: '3600000',
    EVENT_HANDLING: handling,
    EVENT_BATCH_SIZE: '200',
  });
}

async function startReplica(service: string, handling: 'batched' | 'per-message'): Promise<Replica> {
  const moduleRef = await Test.createTestingModule({
    imports: [AnalyzerModule.register(configFor(handling), service)],
  }).compile();
  const app = moduleRef.createNestApplication();
  app.useLogger(app.get(AppLogger));
  connectEnvelopeConsumer(app, { groupId: `it-${run}.${service}`, fromBeginning: false });
  await app.init();
  await app.startAllMicroservices();
  const replica: Replica = { app, anomalies: [], alerts: [], handledActivities: 0 };
  app.get(JudgementEvents).on('anomaly', (a) => replica.anomalies.push(a));
  app.get(JudgementEvents).on('sla', (a) => replica.alerts.push(a));
  app.get(PipelineEvents).on('consumed', ({ topic, outcome, count = 1 }) => {
    if (topic === 'camunda.activity.completed.v1' && outcome === 'handled')
      replica.handledActivities += count;
  });
  return replica;
}

function activityFacts(definition: string, i: number): PublishItem<'camunda.activity.completed.v1'>[] {
  const started = Date.now() - 3 * 3_600_000 + i * 60_000;
  let at = started;
  return ACTIVITIES.map((activityId, a) => {
    const durationMs = activityId === 'charge' && isSlow(i) ? 9_000 : 100 + a * 50 + ((i * 7 + a) % 11) * 3;
    const fact = {
      activityInstanceId: `${definition}-${i}-${activityId}`,
      activityId,
      activityName: activityId,
      activityType: 'serviceTask',
      processDefinitionId: `${definition}:1:x`,
      processDefinitionKey: definition,
      processInstanceId: `${definition}-${i}`,
      executionId: null,
      assignee: null,
      canceled: false,
      startedAt: new Date(at).toISOString(),
      endedAt: new Date(at + durationMs).toISOString(),
      durationMs,
    };
    at += durationMs;
    return { payload: fact, options: { nodeId } };
  });
}

function processFacts(definition: string, i: number) {
  const facts = activityFacts(definition, i);
  const first = facts[0].payload;
  const last = facts[facts.length - 1].payload;
  const instance = {
    processInstanceId: first.processInstanceId,
    processDefinitionId: first.processDefinitionId,
  };
  const started: PublishItem<'camunda.process.started.v1'> = {
    payload: {
      ...instance,
      processDefinitionKey: definition,
      businessKey: null,
      startedAt: first.startedAt,
    },
    options: { nodeId },
  };
  const completed: PublishItem<'camunda.process.completed.v1'> = {
    payload: {
      ...instance,
      processDefinitionKey: definition,
      businessKey: null,
      state: 'COMPLETED',
      startedAt: first.startedAt,
      endedAt: last.endedAt,
      durationMs: Date.parse(last.endedAt) - Date.parse(first.startedAt),
    },
    options: { nodeId },
  };
  return { facts, started, completed };
}

function userTasks(definition: string, i: number) {
  const createdAt = new Date(Date.now() - (i % 2 === 0 ? 30 : 2) * 3_600_000).toISOString();
  const task = {
    taskId: `${definition}-${i}-approve`,
    taskDefinitionKey: 'approve',
    name: 'Approve',
    processDefinitionId: `${definition}:1:x`,
    processDefinitionKey: definition,
    processInstanceId: `${definition}-${i}`,
    assignee: null,
    candidateGroups: [],
    candidateUsers: [],
    priority: 50,
    createdAt,
    dueDate: null,
  };
  return { task, ageMs: Date.now() - Date.parse(createdAt) };
}

/** The tables a replica writes, ordered and with floating-point sums rounded, to compare deployments. */
async function aggregates(db: DataSource, schema: string): Promise<Record<string, unknown[]>> {
  // Only the facts of this test's node: the partition probes of start-up are left out.
  const q = (sql: string) =>
    db.query(
      sql.replace(/\$S/g, `"${schema}"`).replace(/\$N/g, () => '$1'),
      [nodeId],
    );
  return {
    durationStats: await q(
      `SELECT process_definition_key, activity_id, sample_count, round(mean::numeric, 6) AS mean, round(m2::numeric, 2) AS m2
       FROM $S.duration_stats WHERE node_name = $N ORDER BY 1, 2`,
    ),
    buckets: await q(
      `SELECT process_definition_key, activity_id, day, bucket, sample_count FROM $S.duration_buckets WHERE node_name = $N ORDER BY 1, 2, 3, 4`,
    ),
    days: await q(
      `SELECT process_definition_key, activity_id, day, activity_name, sample_count, round(total_ms::numeric, 3) AS total, max_ms
       FROM $S.duration_days WHERE node_name = $N ORDER BY 1, 2, 3`,
    ),
    outcomes: await q(`SELECT * FROM $S.job_outcome_days WHERE node_name = $N ORDER BY 1, 2, 3, 4`),
    processDays: await q(`SELECT * FROM $S.process_days WHERE node_name = $N ORDER BY 1, 2, 3`),
    // Which items are open is the facts' doing; the state they alerted is the periodic sweep's, on its own clock.
    slaItems: await q(
      `SELECT node_name, subject, item_id FROM $S.sla_open_items WHERE node_name = $N ORDER BY 1, 2, 3`,
    ),
    openIncidents: await q(
      `SELECT node_name, incident_id FROM $S.open_incidents WHERE node_name = $N ORDER BY 1, 2`,
    ),
  };
}

/**
 * Activity facts are keyed by definition and activity, so each key's facts arrive in one order everywhere.
 * Process completions are keyed by instance and spread over partitions: the order in which a definition's
 * instances reach its baseline differs between deployments, and so may the verdict on an instance near the
 * threshold. The injected slow instances are outliers whatever the order; only those are compared.
 */
const orderIndependent = (a: AnomalyDetected) =>
  a.scope === 'activity' || isSlow(Number(a.processInstanceId?.split('-').pop()));

const judgements = (replicas: Replica[]) => ({
  anomalies: replicas
    .flatMap((r) => r.anomalies)
    .filter((a) => a.nodeName === nodeId && orderIndependent(a))
    .map((a) => `${a.scope}/${a.processInstanceId}/${a.activityId ?? ''}/${a.direction}`)
    .sort(),
  // Alerts raised by handling completions; the sweep's alerts about open items come on its own clock.
  alerts: replicas
    .flatMap((r) => r.alerts)
    .filter((a) => a.nodeName === nodeId && !a.open)
    .map((a) => `${a.subject}/${a.taskId ?? a.processInstanceId}/${a.state}`)
    .sort(),
});

/**
 * Judgements are announced once their transaction's commit has been answered. This test sees the commit
 * from another connection, so on a busy machine it can look before the replica ran its announcements.
 * Waits (at most 30 s) until every deployment announced the same judgements twice in a row, so the
 * comparison below sees the end state; when they never agree, the assertions below show the difference.
 */
async function judgementsSettled(deployments: Deployment[]): Promise<void> {
  let previous = '';
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const now = JSON.stringify(deployments.map((d) => judgements(d.replicas)));
    const agree = new Set(deployments.map((d) => JSON.stringify(judgements(d.replicas)))).size === 1;
    if (agree && now === previous) return;
    previous = now;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

describe('analyzer: batched, two replicas and one event at a time agree', () => {
  const deployments: Deployment[] = [];
  let publisher: EventPublisher;
  let db: DataSource;

  async function publish<T extends TopicName>(topic: T, items: PublishItem<T>[]): Promise<void> {
    for (let i = 0; i < items.length; i += 500) await publisher.publishMany(topic, items.slice(i, i + 500));
  }

  async function handledEverywhere(eventIds: string[]): Promise<boolean> {
    for (const d of deployments) {
      const rows: { n: string }[] = await db.query(
        `SELECT count(*) AS n FROM "${d.schema}".processed_events WHERE event_id = ANY($1::uuid[])`,
        [eventIds],
      );
      if (Number(rows[0].n) !== eventIds.length) return false;
    }
    return true;
  }

  async function publishAndWait<T extends TopicName>(topic: T, items: PublishItem<T>[]): Promise<void> {
    const ids = items.map((item) => {
      const eventId = randomUUID();
      item.options = { ...item.options, eventId };
      return eventId;
    });
    await publish(topic, items);
    await waitFor(
      `${items.length} ${topic} facts handled by every deployment`,
      () => handledEverywhere(ids),
      {
        timeoutMs: 90_000,
        intervalMs: 500,
      },
    );
  }

  beforeAll(async () => {
    const names: [string, 'batched' | 'per-message', number][] = [
      ['one', 'batched', 1],
      ['two', 'batched', 2],
      ['seq', 'per-message', 1],
    ];
    for (const [name, handling, count] of names) {
      const service = `analyzer-${name}-${run}`;
      const replicas: Replica[] = [];
      for (let i = 0; i < count; i++) replicas.push(await startReplica(service, handling));
      deployments.push({ name, schema: service.replace(/-/g, '_'), replicas });
    }
    publisher = deployments[0].replicas[0].app.get(EventPublisher);
    db = deployments[0].replicas[0].app.get(DataSource);
    // Every group starts at the end of the topics: probe until each deployment has its partitions.
    await waitFor(
      'every replica to own its partitions',
      async () => {
        await publisher.publishMany(
          'camunda.activity.completed.v1',
          Array.from({ length: 24 }, (_, p) => ({
            payload: { ...activityFacts(`it-${run}-probe`, p)[0].payload, activityId: `probe-${p}` },
            options: { nodeId: `it-${run}-probe` },
          })),
        );
        for (const d of deployments) {
          const rows: { n: string }[] = await db.query(
            `SELECT count(DISTINCT activity_id) AS n FROM "${d.schema}".duration_stats WHERE node_name = $1`,
            [`it-${run}-probe`],
          );
          if (Number(rows[0].n) < 24) return false;
        }
        return true;
      },
      { timeoutMs: 90_000, intervalMs: 2_000 },
    );
    for (const d of deployments) for (const r of d.replicas) r.anomalies.length = 0;
  }, 240_000);

  afterAll(async () => {
    for (const d of deployments) for (const r of d.replicas) await r.app.close();
    const { DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD } = configFor('batched');
    const admin = new Client({
      host: DB_HOST,
      port: DB_PORT,
      database: DB_NAME,
      user: DB_USER,
      password: DB_PASSWORD,
    });
    await admin.connect();
    for (const d of deployments) await admin.query(`DROP SCHEMA IF EXISTS "${d.schema}" CASCADE`);
    await admin.end();
  }, 60_000);

  it('gives the same aggregates, anomalies and alerts', async () => {
    const instances = DEFINITIONS.flatMap((definition) =>
      Array.from({ length: INSTANCES }, (_, i) => ({ definition, i, ...processFacts(definition, i) })),
    );
    const baseline = instances.filter(({ i }) => i < 40);
    const later = instances.filter(({ i }) => i >= 40);
    for (const phase of [baseline, later]) {
      await publishAndWait(
        'camunda.process.started.v1',
        phase.map((x) => x.started),
      );
      await publishAndWait(
        'camunda.activity.completed.v1',
        phase.flatMap((x) => x.facts),
      );
      await publishAndWait(
        'camunda.process.completed.v1',
        phase.map((x) => x.completed),
      );
    }
    const tasks = DEFINITIONS.flatMap((definition) =>
      Array.from({ length: 10 }, (_, i) => userTasks(definition, i)),
    );
    await publishAndWait(
      'camunda.user-task.created.v1',
      tasks.map(({ task }) => ({ payload: task, options: { nodeId } })),
    );
    await publishAndWait(
      'camunda.user-task.completed.v1',
      tasks
        .filter((_, i) => i % 3 !== 0)
        .map(({ task, ageMs }) => ({
          payload: {
            ...task,
            outcome: 'completed' as const,
            endedAt: new Date().toISOString(),
            ageMs,
            deleteReason: null,
          } satisfies PayloadOf<'camunda.user-task.completed.v1'>,
          options: { nodeId },
        })),
    );
    const incidents = Array.from({ length: 12 }, (_, k) => ({
      incidentId: `${run}-inc-${k}`,
      incidentType: 'failedJob',
      message: 'payment gateway timeout',
      activityId: 'charge',
      failedActivityId: 'charge',
      processDefinitionId: `${DEFINITIONS[k % 3]}:1:x`,
      processDefinitionKey: DEFINITIONS[k % 3],
      processInstanceId: `${DEFINITIONS[k % 3]}-${k}`,
      executionId: null,
      jobId: `${run}-job-${k}`,
      externalTaskId: null,
      causeIncidentId: null,
      rootCauseIncidentId: null,
      tenantId: null,
      createdAt: new Date().toISOString(),
      stackTrace: null,
    }));
    // Some resolutions arrive before their openings: they must not be reopened on any deployment.
    const resolved = incidents.filter((_, k) => k % 4 === 0);
    await publishAndWait(
      'camunda.incident.resolved.v1',
      resolved.map((inc) => ({
        payload: {
          incidentId: inc.incidentId,
          incidentType: inc.incidentType,
          processDefinitionKey: inc.processDefinitionKey,
          processInstanceId: inc.processInstanceId,
          activityId: inc.activityId,
          resolution: 'resolved' as const,
          createdAt: inc.createdAt,
          endedAt: new Date().toISOString(),
        },
        options: { nodeId },
      })),
    );
    await publishAndWait(
      'camunda.incident.opened.v1',
      incidents.map((payload) => ({ payload, options: { nodeId } })),
    );

    const [one, two, seq] = deployments;
    const reference = await aggregates(db, one.schema);
    expect(reference.durationStats.length).toBe(DEFINITIONS.length * (ACTIVITIES.length + 1));
    expect(reference.openIncidents.length).toBe(incidents.length - resolved.length);
    expect(await aggregates(db, two.schema)).toEqual(reference);
    expect(await aggregates(db, seq.schema)).toEqual(reference);

    // Both replicas of the second deployment did part of the work.
    expect(two.replicas.map((r) => r.handledActivities > 0)).toEqual([true, true]);
    await judgementsSettled([one, two, seq]);
    const expected = judgements(one.replicas);
    expect(expected.anomalies.filter((a) => a.startsWith('activity/')).length).toBe(
      DEFINITIONS.length * Array.from({ length: INSTANCES }, (_, i) => i).filter(isSlow).length,
    );
    expect(expected.anomalies.filter((a) => a.startsWith('process/') && a.endsWith('/slow')).length).toBe(
      DEFINITIONS.length * Array.from({ length: INSTANCES }, (_, i) => i).filter(isSlow).length,
    );
    expect(expected.alerts.length).toBeGreaterThan(0);
    expect(judgements(two.replicas)).toEqual(expected);
    expect(judgements(seq.replicas)).toEqual(expected);
  }, 300_000);
});
