import { randomBytes, randomUUID } from 'node:crypto';
import { psql } from '@flowpilot/shared/testing';
import { incidentPipelineEnv } from '../support/app-env';
import { AppName, AppProcess } from '../support/app-process';
import { waitForConsumersCaughtUp } from '../support/kafka';
import {
  MISSING_VARIABLE_PROCESS_KEY as PROCESS_KEY,
  missingVariableSubscription,
  raiseMissingVariableIncident,
} from '../support/missing-variable-incident';
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
// Only incidents from now on (the pipeline's backfill is off): this test measures a new incident's journey.
const env = incidentPipelineEnv({ groupPrefix: `e2e-${run}`, database, logLevel: 'info', adminKey });

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
      body: JSON.stringify(missingVariableSubscription(url)),
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; secret: string };

    // A new consumer group replays history first; measure only the new incident's journey.
    await waitForConsumersCaughtUp({
      [`e2e-${run}.incident-ai`]: ['camunda.incident.opened.v1'],
      [`e2e-${run}.gateway`]: ['camunda.incident.opened.v1', 'incident.analysis.v1'],
    });
    const { instanceId, incident } = await raiseMissingVariableIncident();
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
