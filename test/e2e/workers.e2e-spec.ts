import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope, Envelope, WorkerTaskCompleted, WorkerTaskFailed } from '@flowpilot/shared';
import { psql } from '@flowpilot/shared/testing';
import { ProcessDriver, str, dbl, int } from '../../apps/workers/src/testing/process-driver';
import { AppProcess } from '../support/app-process';
import { CAMUNDA_NODE1_URL } from '../support/camunda';
import { waitFor } from '../support/wait-for';

/**
 * The workers app as its own process against the real Camunda, PostgreSQL
 * and Kafka: it serves the processes in processes/, publishes each outcome to
 * worker.task.completed.v1 / worker.task.failed.v1, and counts it in /metrics.
 */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_e2e_workers_${run}`;
const port = 14_000 + Math.floor(Math.random() * 1_000);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('workers app: the bundled processes, Kafka events and metrics', () => {
  const camunda = new ProcessDriver(CAMUNDA_NODE1_URL);
  const app = new AppProcess(
    'workers',
    {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_GROUP_PREFIX: `e2e-${run}`,
      DB_HOST: '127.0.0.1',
      DB_NAME: database,
      DB_USER: 'postgres',
      CAMUNDA_REST_URL: CAMUNDA_NODE1_URL,
      CAMUNDA_CLIENT_ID: `e2e-workers-${run}`,
      CAMUNDA_CLIENT_ASYNC_RESPONSE_TIMEOUT: '2000',
      WORKER_TASK_RETRIES: '0',
    },
    port,
    `workers-${run}`,
  );
  const completed: Envelope<WorkerTaskCompleted>[] = [];
  const failed: Envelope<WorkerTaskFailed>[] = [];
  let consumer: Consumer;

  beforeAll(async () => {
    psql(`CREATE DATABASE ${database}`);
    await camunda.deployAll();
    consumer = new Kafka({ clientId: `e2e-workers-${run}`, brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: `e2e-workers-observer-${run}`,
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: ['worker.task.completed.v1', 'worker.task.failed.v1'],
      fromBeginning: false,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === 'worker.task.completed.v1') {
          const decoded = decodeEnvelope('worker.task.completed.v1', message);
          if (decoded.ok) completed.push(decoded.envelope);
        } else {
          const decoded = decodeEnvelope('worker.task.failed.v1', message);
          if (decoded.ok) failed.push(decoded.envelope);
        }
      },
    });
    await app.start();
  }, 180_000);

  afterAll(async () => {
    await app.stop();
    await consumer?.disconnect();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('creates a wallet and publishes one completion event per task', async () => {
    const id = await camunda.start(
      'wallet-creation',
      { userId: str(`e2e-${run}`), currency: str('CHF') },
      `order-${run}`,
    );

    expect(await camunda.endEventOf(id, 60_000)).toBe('End_WalletCreated');
    const events = await waitFor('three completion events', async () => {
      const mine = completed.filter((e) => e.payload.processInstanceId === id);
      return mine.length === 3 && mine;
    });
    expect(events.map((e) => e.payload.topic).sort()).toEqual([
      'create-wallet',
      'notify-wallet-creation',
      'validate-wallet-request',
    ]);
    expect(events[0]).toMatchObject({
      source: 'workers',
      nodeId: 'node1',
      payload: { outcome: 'completed', businessKey: `order-${run}`, workerId: `e2e-workers-${run}` },
    });
  });

  it('decides a refund with the offline fare rules when no LLM key is set', async () => {
    const id = await camunda.start('ticket-refund', {
      bookingId: str(`E2E-${run}`),
      ticketClass: str('Business'),
      fareType: str('REFUNDABLE'),
      daysUntilFlight: int(12),
      ticketPrice: dbl(900),
    });

    expect(await camunda.endEventOf(id, 60_000)).toBe('End_RefundCompleted');
    expect(await camunda.variable(id, 'llmProvider')).toBe('Flowpilot fare rules');
    expect(await camunda.variable(id, 'paymentStatus')).toBe('RECORDED');
  });

  it('reports a step it cannot perform as a failure event and an incident', async () => {
    const id = await camunda.start('ticket-refund', {
      bookingId: str(`E2E-${run}-NOPRICE`),
      ticketClass: str('First'),
      fareType: str('FLEX'),
      daysUntilFlight: int(12),
    });

    const event = await waitFor(
      'a failure event',
      async () => failed.find((e) => e.payload.processInstanceId === id),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(event.payload).toMatchObject({
      topic: 'calculate-refund',
      incident: true,
      retriesLeft: 0,
      errorMessage: expect.stringMatching(/ticketPrice/),
    });
    const incidents = await (await fetch(`${CAMUNDA_NODE1_URL}/incident?processInstanceId=${id}`)).json();
    expect(incidents).toHaveLength(1);
    await fetch(`${CAMUNDA_NODE1_URL}/process-instance/${id}`, { method: 'DELETE' });
  });

  it('counts what it did in Prometheus metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

    expect(metrics).toMatch(
      /flowpilot_worker_tasks_total\{topic="create-wallet",outcome="completed",service="workers"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /flowpilot_worker_task_failures_total\{topic="calculate-refund",incident="true",service="workers"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /flowpilot_worker_refund_requests_total\{decision="ALLOWED",source="rules",service="workers"\} [1-9]/,
    );
  });
});
