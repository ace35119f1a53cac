import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopicOf, TOPICS } from '@flowpilot/shared';
import { psql } from '@flowpilot/shared/testing';
import { incidentPipelineEnv } from '../support/app-env';
import { AppName, AppProcess, APPS } from '../support/app-process';
import { CAMUNDA_NODE1_URL } from '../support/camunda';
import { FakeOpenAiServer } from '../support/fake-openai.server';
import {
  MISSING_VARIABLE_PROCESS_KEY as PROCESS_KEY,
  missingVariableSubscription,
  raiseMissingVariableIncident,
} from '../support/missing-variable-incident';
import { waitFor } from '../support/wait-for';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * All six apps as processes, every secret setting given a known, unique value,
 * driven through their normal and error paths (an incident analysed with the
 * LLM, a BPMN generation, a webhook delivery, bad requests, an LLM that
 * answers 401 quoting the key like OpenAI does, a database that refuses a
 * query). Then every log line, every response body, every Kafka message
 * produced meanwhile (dead-letter topics included), `/metrics` and
 * `/health/ready` are searched for each secret and its usual encodings.
 */

const run = randomUUID().slice(0, 8);
const database = `flowpilot_secrets_${run}`;
const basePort = 15_000 + Math.floor(Math.random() * 900);
/** `+`, `/` and `=` make the URL-encoded and base64 forms differ from the raw value. */
const unique = (label: string) => `${label}-${randomBytes(12).toString('hex')}+x/y=z`;

const SECRETS = {
  DB_PASSWORD: unique('dbpw'),
  OPENAI_API_KEY: `sk-${randomBytes(20).toString('hex')}`,
  CAMUNDA_API_PASSWORD: unique('campw'),
  GATEWAY_BOOTSTRAP_ADMIN_KEY: `fp_${randomBytes(20).toString('hex')}`,
  ENGINE_DB_PASSWORD: randomBytes(16).toString('hex'),
};
/** Issued at run time and searched for too. */
const runtimeSecrets: Record<string, string> = {};

function encodings(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
    JSON.stringify(value).slice(1, -1),
  ];
}

/** Where each secret (in any encoding) occurs in `text`, as `SECRET in <where>`. */
function hitsIn(where: string, text: string, issued?: string): string[] {
  const all = { ...SECRETS, ...runtimeSecrets };
  return Object.entries(all)
    .filter(([name]) => name !== issued)
    .flatMap(([name, value]) =>
      encodings(value).some((form) => text.includes(form)) ? [`${name} in ${where}`] : [],
    );
}

describe('no secret leaves any app', () => {
  const llm = new FakeOpenAiServer();
  const receiver = new WebhookReceiver();
  const ports = Object.fromEntries(APPS.map((name, i) => [name, basePort + i])) as Record<AppName, number>;
  /** `issues`: the one secret this answer hands out by design (a webhook secret, a new API key). */
  const responses: { where: string; body: string; issues?: string }[] = [];
  const kafkaMessages: { topic: string; text: string }[] = [];
  let apps: AppProcess[] = [];
  let observer: ReturnType<Kafka['consumer']>;
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;

  async function call(path: string, init: RequestInit & { key?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const key = init.key === undefined ? SECRETS.GATEWAY_BOOTSTRAP_ADMIN_KEY : init.key;
    if (key) headers.set('X-API-Key', key);
    if (init.body) headers.set('content-type', 'application/json');
    const response = await fetch(`${gatewayUrl}${path}`, { ...init, headers });
    const body = await response.text();
    responses.push({ where: `${init.method ?? 'GET'} ${path} → ${response.status}`, body });
    return new Response(body, { status: response.status, headers: response.headers });
  }

  beforeAll(async () => {
    psql(`CREATE DATABASE ${database}`);
    const llmUrl = await llm.start();
    // OpenAI quotes part of a rejected key in its 401; the fake quotes all of it.
    llm.reply({
      kind: 'status',
      status: 401,
      body: {
        error: { message: `Incorrect API key provided: ${SECRETS.OPENAI_API_KEY}`, code: 'invalid_api_key' },
      },
    });
    const kafka = new Kafka({
      clientId: `secrets-${run}`,
      brokers: ['127.0.0.1:9092'],
      logLevel: logLevel.NOTHING,
    });
    observer = kafka.consumer({ groupId: `secrets-observer-${run}` });
    await observer.connect();
    const topics = Object.keys(TOPICS).flatMap((topic) => [topic, deadLetterTopicOf(topic)]);
    await observer.subscribe({ topics, fromBeginning: false });
    await observer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.entries(message.headers ?? {})
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(';');
        kafkaMessages.push({
          topic,
          text: `${message.key?.toString() ?? ''} ${headers} ${message.value?.toString() ?? ''}`,
        });
      },
    });
    const env: Record<string, string> = {
      ...incidentPipelineEnv({
        groupPrefix: `secrets-${run}`,
        database,
        logLevel: 'debug',
        adminKey: SECRETS.GATEWAY_BOOTSTRAP_ADMIN_KEY,
      }),
      // The broker the observer above reads.
      KAFKA_BROKERS: '127.0.0.1:9092',
      DB_PASSWORD: SECRETS.DB_PASSWORD,
      CAMUNDA_API_USER: 'demo',
      CAMUNDA_API_PASSWORD: SECRETS.CAMUNDA_API_PASSWORD,
      CAMUNDA_NODE_1_DB_URL: `postgres://postgres:${SECRETS.ENGINE_DB_PASSWORD}@127.0.0.1:5432/camunda_node1`,
      CAMUNDA_REST_URL: CAMUNDA_NODE1_URL,
      CAMUNDA_CLIENT_ID: `secrets-${run}`,
      OPENAI_API_KEY: SECRETS.OPENAI_API_KEY,
      OPENAI_BASE_URL: llmUrl,
      LLM_MAX_RETRIES: '0',
      LLM_RULE_CONFIDENCE_THRESHOLD: '1',
    };
    apps = APPS.map((name) => new AppProcess(name, env, ports[name], `secrets-${run}`));
    await Promise.all(apps.map((app) => app.start()));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await observer?.disconnect();
    await llm.stop();
    await receiver.stop();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 90_000);

  it('finds a planted secret in every encoding it searches (the search can fail)', () => {
    const dir = resolve(__dirname, '../../test-output/secrets-self-check');
    mkdirSync(dir, { recursive: true });
    const forms = encodings(SECRETS.DB_PASSWORD);
    const found = forms.map((form, i) => {
      const file = resolve(dir, `${run}-${i}.log`);
      writeFileSync(file, `{"msg":"connecting","detail":"${form}"}\n`);
      return hitsIn(file, readFileSync(file, 'utf8'));
    });

    expect(new Set(forms).size).toBe(forms.length - 1); // raw and JSON-escaped forms coincide for these characters
    expect(found).toEqual(forms.map((_form, i) => [`DB_PASSWORD in ${resolve(dir, `${run}-${i}.log`)}`]));
  });

  it('exercises the apps, then finds no secret in logs, responses, Kafka, /metrics or /health/ready', async () => {
    // A webhook subscription (its secret is returned once) and a signed delivery.
    const url = await receiver.start();
    const created = await call('/api/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify(missingVariableSubscription(url)),
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; secret: string };
    runtimeSecrets.WEBHOOK_SECRET = subscription.secret;
    responses[responses.length - 1].issues = 'WEBHOOK_SECRET';
    expect((await call(`/api/v1/webhooks/${subscription.id}/test`, { method: 'POST' })).status).toBe(200);
    const issued = await call('/api/v1/api-keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'secrets run', scopes: ['read'] }),
    });
    runtimeSecrets.ISSUED_API_KEY = ((await issued.json()) as { key: string }).key;
    responses[responses.length - 1].issues = 'ISSUED_API_KEY';

    // Bad requests: unknown key, revoked-looking key, malformed JSON, a refused target, scope too small.
    await call('/api/v1/incidents', { key: `${SECRETS.GATEWAY_BOOTSTRAP_ADMIN_KEY}x` });
    await call('/api/v1/webhooks', {
      method: 'POST',
      body: '{"url":',
      key: SECRETS.GATEWAY_BOOTSTRAP_ADMIN_KEY,
    });
    await call('/api/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify({
        url: `http://admin:${SECRETS.CAMUNDA_API_PASSWORD}@127.0.0.1/x`,
        events: ['incident.opened'],
      }),
    });
    await call('/api/v1/thresholds', { method: 'PUT', body: '{}', key: runtimeSecrets.ISSUED_API_KEY });

    // An LLM path that fails: BPMN generation with an LLM answering 401 (the key quoted in its error).
    await call('/api/v1/bpmn/generate', {
      method: 'POST',
      body: JSON.stringify({ text: 'Receive order, validate payment, ship product', name: `Secrets ${run}` }),
    });

    // An incident end to end: collector → incident-ai (LLM asked, fails) → gateway → webhook.
    const { incident } = await raiseMissingVariableIncident();
    await waitFor(
      'the incident and its analysis in the gateway',
      async () => {
        const response = await call(`/api/v1/incidents?processDefinitionKey=${PROCESS_KEY}`);
        const body = (await response.json()) as { data: { incidentId: string; analysis: unknown }[] };
        return body.data.some((i) => i.incidentId === incident.id && i.analysis);
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
    expect(llm.requests.length).toBeGreaterThan(0);

    // A database error path: the gateway's read model table disappears under it.
    psql('ALTER TABLE gateway.audit_log RENAME TO audit_log_hidden', database);
    const failing = await call('/api/v1/audit');
    psql('ALTER TABLE gateway.audit_log_hidden RENAME TO audit_log', database);
    expect(failing.status).toBe(500);

    // Probes and metrics of every app.
    for (const name of APPS) {
      for (const path of ['/metrics', '/health/ready']) {
        const response = await fetch(`http://127.0.0.1:${ports[name]}${path}`);
        responses.push({ where: `${name} ${path}`, body: await response.text() });
      }
    }
    await new Promise((r) => setTimeout(r, 2_000)); // let the last Kafka messages arrive

    const hits = [
      ...apps.flatMap((app) => hitsIn(app.logFile, readFileSync(app.logFile, 'utf8'))),
      ...responses.flatMap((r) => hitsIn(`response ${r.where}`, r.body, r.issues)),
      ...kafkaMessages.flatMap((m) => hitsIn(`kafka ${m.topic}`, m.text)),
      ...receiver.received.flatMap((w) => hitsIn('webhook body', w.rawBody)),
    ];
    process.stdout.write(
      `secrets: searched ${apps.length} logs, ${responses.length} responses, ${kafkaMessages.length} Kafka messages, ` +
        `${receiver.received.length} webhooks for ${Object.keys({ ...SECRETS, ...runtimeSecrets }).length} secrets × 5 encodings: ${hits.length} hits\n`,
    );

    expect(responses.length).toBeGreaterThan(12);
    expect(kafkaMessages.length).toBeGreaterThan(0);
    expect(hits).toEqual([]);
  }, 300_000);
});
