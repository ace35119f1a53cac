import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { psql } from '@flowpilot/shared/testing';
import { AppName, AppProcess } from '../support/app-process';
import { CAMUNDA_NODE1_URL, deployBpmn, startInstance, waitForIncident } from '../support/camunda';
import { waitForConsumersCaughtUp } from '../support/kafka';
import { waitFor } from '../support/wait-for';
import { verifySignature, WebhookReceiver } from '../support/webhook-receiver';

/**
 * The foundation's slice, all real: a model deployed to Camunda fails on a
 * missing variable → the collector publishes the incident → incident-ai
 * publishes a rule-based analysis → the gateway serves it and delivers a signed
 * webhook. Each app is its own process; they meet only on Kafka.
 */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_e2e_${run}`;
const adminKey = `fp_e2e_${randomBytes(16).toString('hex')}`;
const gatewayPort = 13_000 + Math.floor(Math.random() * 1_000);
const PROCESS_KEY = 'e2e-missing-variable';

const env: Record<string, string> = {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_GROUP_PREFIX: `e2e-${run}`,
  DB_HOST: '127.0.0.1',
  DB_NAME: database,
  DB_USER: 'postgres',
  LOG_LEVEL: 'info',
  CAMUNDA_NODE_1_NAME: 'node1',
  CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL,
  CAMUNDA_NODE_1_DB_URL: 'postgres://postgres@127.0.0.1:5432/camunda_node1',
  POLL_INTERVAL_MS: '1000',
  // Only incidents from now on: this test measures a new incident's journey.
  INITIAL_BACKFILL_DAYS: '0',
  GATEWAY_BOOTSTRAP_ADMIN_KEY: adminKey,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
};


function api(path: string, init: RequestInit = {}, key: string | null = adminKey): Promise<Response> {
  const headers = new Headers(init.headers);
  if (key) headers.set('X-API-Key', key);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`http://127.0.0.1:${gatewayPort}/api/v1${path}`, { ...init, headers });
}

describe('incident → collector → incident-ai → gateway → webhook', () => {
  const receiver = new WebhookReceiver();
  const ports: Record<string, number> = {
    collector: gatewayPort + 1,
    'incident-ai': gatewayPort + 2,
    gateway: gatewayPort,
  };
  const apps = (['collector', 'incident-ai', 'gateway'] as AppName[]).map(
    (name) => new AppProcess(name, env, ports[name], `slice-${run}`),
  );

  beforeAll(async () => {
    psql(`CREATE DATABASE ${database}`);
    await Promise.all(apps.map((app) => app.start()));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await receiver.stop();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('refuses the API without a key', async () => {
    const response = await api('/incidents', {}, null);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('delivers a signed webhook with the rule-based analysis and serves it over REST', async () => {
    const url = await receiver.start();
    const created = await api('/webhooks', {
      method: 'POST',
      body: JSON.stringify({
        url,
        events: ['incident.opened', 'incident.analyzed'],
        filters: { processDefinitionKeys: [PROCESS_KEY] },
      }),
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; secret: string };

    // A new consumer group replays history first; measure only the new incident's journey.
    await waitForConsumersCaughtUp({
      [`e2e-${run}.incident-ai`]: ['camunda.incident.opened.v1'],
      [`e2e-${run}.gateway`]: ['camunda.incident.opened.v1', 'incident.analysis.v1'],
    });
    await deployBpmn(
      CAMUNDA_NODE1_URL,
      PROCESS_KEY,
      readFileSync(resolve(__dirname, '../fixtures/bpmn/e2e-missing-variable.bpmn'), 'utf8'),
    );
    const instanceId = await startInstance(CAMUNDA_NODE1_URL, PROCESS_KEY, {
      orderTotal: { value: 120, type: 'Double' },
    });
    const incident = await waitForIncident(CAMUNDA_NODE1_URL, instanceId);
    const incidentCreatedAt = Date.parse(incident.incidentTimestamp);

    const analyzed = await waitFor(
      'the incident.analyzed webhook',
      () =>
        receiver.received.find(
          (w) => w.body.type === 'incident.analyzed' && w.body.data.processInstanceId === instanceId,
        ),
      { timeoutMs: 90_000 },
    );
    const latencyMs = analyzed.receivedAt - incidentCreatedAt;
    process.stdout.write(`e2e: incident created → analyzed webhook received in ${latencyMs} ms\n`);

    expect(
      verifySignature(
        subscription.secret,
        analyzed.headers['x-flowpilot-signature'] as string,
        analyzed.rawBody,
      ),
    ).toBe(true);
    expect(
      verifySignature(
        'not-the-secret',
        analyzed.headers['x-flowpilot-signature'] as string,
        analyzed.rawBody,
      ),
    ).toBe(false);
    expect(analyzed.headers['idempotency-key']).toBe(analyzed.body.id);
    expect(analyzed.body.data).toMatchObject({
      incidentId: incident.id,
      nodeId: 'node1',
      activityId: 'computeDiscount',
      family: 'missing-variable',
      remediation: { action: 'set-variable' },
      llm: { used: false },
    });
    expect(
      receiver.received.some(
        (w) => w.body.type === 'incident.opened' && w.body.data.incidentId === incident.id,
      ),
    ).toBe(true);

    const listed = await waitFor('the incident with its analysis in the REST API', async () => {
      const response = await api(`/incidents?processDefinitionKey=${PROCESS_KEY}&nodeId=node1`);
      const body = (await response.json()) as {
        data: { incidentId: string; analysis: { family: string } | null }[];
      };
      return body.data.find((i) => i.incidentId === incident.id && i.analysis);
    });
    expect(listed).toMatchObject({
      incidentId: incident.id,
      status: 'open',
      analysis: { family: 'missing-variable' },
    });
  }, 180_000);
});
