/**
 * Gateway benchmark, against the real stack (Kafka, PostgreSQL):
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/gateway/gateway.bench.ts
 *
 * 1. Projection: publish INCIDENTS incident facts and their analyses, time until the read model has them all.
 * 2. REST reads under load from a second process (autocannon, CONNECTIONS connections, DURATION_S each):
 *    the incident list and one incident, against `/health/live` (no key, no database) as the baseline.
 * 3. Webhook delivery latency, publish → signed POST received, for HOOK_EVENTS events at HOOK_RATE/s,
 *    against the raw Kafka hop (publish → a plain kafkajs consumer) measured for the same events.
 * Results are printed and written to bench/gateway/last-run.json (or, under `npm run bench`, to the
 * runner's result file instead).
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { AppLogger, createKafkaClient, kafkaSettings, loadConfig } from '@flowpilot/shared';
import { z } from 'zod';
import { incidentAnalyzed, incidentOpened } from '../../apps/gateway/test/live-payloads';
import { psql } from '@flowpilot/shared/testing';
import { GatewayProcess, testPublisher } from '../../apps/gateway/test/gateway-process';
import { RecordingReceiver } from '../../apps/gateway/test/recording-receiver';
import { waitFor } from '../../test/support/wait-for';
import { BenchMetric, emitBenchOutcome } from '../report/bench-result';

// Environment overrides exist for `npm run bench -- --quick`; the defaults are the documented run.
const INCIDENTS = Number(process.env.BENCH_GATEWAY_INCIDENTS ?? 2_000);
const CONNECTIONS = 16;
const DURATION_S = Number(process.env.BENCH_GATEWAY_DURATION_S ?? 10);
const HOOK_EVENTS = Number(process.env.BENCH_GATEWAY_HOOK_EVENTS ?? 300);
const HOOK_RATE = 30;

const run = randomUUID().slice(0, 8);
const database = `flowpilot_gw_bench_${run}`;
const adminKey = `bench-${randomBytes(16).toString('hex')}`;
const readNode = `bench-read-${run}`;
const hookNode = `bench-hook-${run}`;
const execFileAsync = promisify(execFile);

interface Load {
  target: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function load(target: string, url: string, withKey: boolean): Promise<Load> {
  const args = [
    resolve(__dirname, '../../node_modules/autocannon/autocannon.js'),
    '-j',
    '-c',
    String(CONNECTIONS),
    '-d',
    String(DURATION_S),
  ];
  if (withKey) args.push('-H', `X-API-Key=${adminKey}`);
  const { stdout } = await execFileAsync(process.execPath, [...args, url], { maxBuffer: 10_000_000 });
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    target,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
};

async function main(): Promise<void> {
  psql(`CREATE DATABASE ${database}`);
  const gateway = new GatewayProcess(
    {
      KAFKA_GROUP_PREFIX: `bench-${run}`,
      DB_NAME: database,
      GATEWAY_BOOTSTRAP_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      API_RATE_LIMIT_BURST: '1000000',
    },
    `gateway-bench-${run}`,
  );
  const { publisher, close } = await testPublisher();
  const receiver = await RecordingReceiver.create();
  const settings = loadConfig('gateway-bench', z.object(kafkaSettings));
  const rawConsumer = createKafkaClient(
    'gateway-bench',
    settings,
    new AppLogger('gateway-bench', 'warn'),
  ).consumer({ groupId: `bench-raw-${run}` });
  try {
    await gateway.start();
    await receiver.start();

    // 1. Projection throughput.
    const facts = Array.from({ length: INCIDENTS }, () => incidentOpened());
    const projectionStarted = Date.now();
    for (let i = 0; i < INCIDENTS; i += 500) {
      const batch = facts.slice(i, i + 500);
      await publisher.publishMany(
        'camunda.incident.opened.v1',
        batch.map((payload) => ({ payload, options: { nodeId: readNode } })),
      );
      await publisher.publishMany(
        'incident.analysis.v1',
        batch.map((f) => ({ payload: incidentAnalyzed(f), options: { nodeId: readNode } })),
      );
    }
    await waitFor(
      'the projection of every incident and analysis',
      async () => {
        const page = (await (
          await gateway.api(`/incidents?nodeId=${readNode}&analyzed=true&limit=1`, adminKey)
        ).json()) as { page: { total: number } };
        return page.page.total === INCIDENTS;
      },
      { timeoutMs: 600_000, intervalMs: 500 },
    );
    const projectionMs = Date.now() - projectionStarted;

    // 2. REST reads from a second process.
    const one = facts[INCIDENTS >> 1];
    const loads = [
      await load('GET /health/live (baseline)', `${gateway.baseUrl}/health/live`, false),
      await load(
        'GET /api/v1/incidents?limit=50',
        `${gateway.baseUrl}/api/v1/incidents?nodeId=${readNode}&limit=50`,
        true,
      ),
      await load(
        'GET /api/v1/incidents/{node}/{id}',
        `${gateway.baseUrl}/api/v1/incidents/${readNode}/${one.incidentId}`,
        true,
      ),
    ];

    // 3. Webhook latency, with the raw Kafka hop of the same events as the baseline.
    const created = await gateway.api('/webhooks', adminKey, {
      method: 'POST',
      body: JSON.stringify({
        url: receiver.url,
        events: ['incident.opened'],
        filters: { nodeIds: [hookNode] },
      }),
    });
    receiver.secret = ((await created.json()) as { secret: string }).secret;
    const publishedAt = new Map<string, number>();
    const kafkaAt = new Map<string, number>();
    await rawConsumer.connect();
    await rawConsumer.subscribe({ topics: ['camunda.incident.opened.v1'], fromBeginning: false });
    const joined = new Promise<void>((done) => rawConsumer.on(rawConsumer.events.GROUP_JOIN, () => done()));
    await rawConsumer.run({
      eachMessage: async ({ message }) => {
        const id = message.headers?.['flowpilot-event-id']?.toString();
        if (id && publishedAt.has(id)) kafkaAt.set(id, Date.now());
      },
    });
    await joined;
    await new Promise((r) => setTimeout(r, 3_000));
    for (let i = 0; i < HOOK_EVENTS; i++) {
      const started = Date.now();
      const eventId = randomUUID();
      publishedAt.set(eventId, started);
      await publisher.publish('camunda.incident.opened.v1', incidentOpened(), { nodeId: hookNode, eventId });
      await new Promise((r) => setTimeout(r, Math.max(0, 1_000 / HOOK_RATE - (Date.now() - started))));
    }
    await waitFor(
      'every webhook',
      () => receiver.distinctIds().size === HOOK_EVENTS && kafkaAt.size === HOOK_EVENTS,
      { timeoutMs: 120_000 },
    );
    const firstReceipt = new Map<string, number>();
    for (const r of receiver.received)
      if (!firstReceipt.has(r.body.id)) firstReceipt.set(r.body.id, r.receivedAt);
    const webhookMs = [...firstReceipt].map(([id, at]) => at - publishedAt.get(id)!);
    const kafkaMs = [...kafkaAt].map(([id, at]) => at - publishedAt.get(id)!);
    const hooks = {
      events: HOOK_EVENTS,
      ratePerSecond: HOOK_RATE,
      webhookP50Ms: percentile(webhookMs, 0.5),
      webhookP99Ms: percentile(webhookMs, 0.99),
      kafkaHopP50Ms: percentile(kafkaMs, 0.5),
      kafkaHopP99Ms: percentile(kafkaMs, 0.99),
      allSignaturesValid: receiver.received.every((r) => r.signatureValid),
      duplicates: receiver.received.length - firstReceipt.size,
    };

    const baseline = loads[0].requestsPerSecond;
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      projection: {
        events: 2 * INCIDENTS,
        ms: projectionMs,
        eventsPerSecond: Math.round((2 * INCIDENTS * 1_000) / projectionMs),
      },
      rest: loads.map((l) => ({
        ...l,
        ratioToBaseline: Number((l.requestsPerSecond / baseline).toFixed(2)),
      })),
      webhooks: {
        ...hooks,
        p50RatioToKafkaHop: Number((hooks.webhookP50Ms / Math.max(1, hooks.kafkaHopP50Ms)).toFixed(1)),
      },
      settings: { connections: CONNECTIONS, durationSeconds: DURATION_S, incidents: INCIDENTS },
    };
    console.log(JSON.stringify(result, null, 2));
    if (!emitBenchOutcome(gatewayOutcome(loads, hooks, projectionMs)))
      writeFileSync(resolve(__dirname, 'last-run.json'), JSON.stringify(result, null, 2) + '\n');
  } finally {
    await rawConsumer.disconnect().catch(() => undefined);
    await gateway.stop();
    await receiver.stop();
    await close();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

function gatewayOutcome(
  loads: Load[],
  hooks: {
    webhookP50Ms: number;
    webhookP99Ms: number;
    kafkaHopP50Ms: number;
    kafkaHopP99Ms: number;
    duplicates: number;
  },
  projectionMs: number,
) {
  const [health, ...reads] = loads;
  const metrics: BenchMetric[] = reads.flatMap((l): BenchMetric[] => [
    {
      name: `${l.target} throughput`,
      unit: 'req/s',
      value: l.requestsPerSecond,
      better: 'higher',
      baseline: { name: 'GET /health/live', value: health.requestsPerSecond },
    },
    {
      name: `${l.target} p99`,
      unit: 'ms',
      value: l.p99Ms,
      better: 'lower',
      baseline: { name: 'GET /health/live p99', value: health.p99Ms },
    },
  ]);
  metrics.push(
    {
      name: 'webhook p50 (publish → signed POST received)',
      unit: 'ms',
      value: hooks.webhookP50Ms,
      better: 'lower',
      baseline: { name: 'raw Kafka hop p50', value: hooks.kafkaHopP50Ms },
    },
    {
      name: 'webhook p99',
      unit: 'ms',
      value: hooks.webhookP99Ms,
      better: 'lower',
      baseline: { name: 'raw Kafka hop p99', value: hooks.kafkaHopP99Ms },
    },
    {
      name: 'projection throughput',
      unit: 'events/s',
      value: Math.round((2 * INCIDENTS * 1_000) / projectionMs),
      better: 'higher',
      baseline: null,
    },
  );
  return {
    what: `REST reads under load from a second process (autocannon), webhook delivery latency, and the read-model projection of ${2 * INCIDENTS} events`,
    baseline:
      'GET /health/live (no key, no database) under the same load; the raw Kafka hop (publish → a plain kafkajs consumer) of the same webhook events',
    parameters: {
      incidents: INCIDENTS,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      webhookEvents: HOOK_EVENTS,
      webhookRatePerSecond: HOOK_RATE,
    },
    metrics,
    notes: loads
      .filter((l) => l.errors > 0 || l.non2xx > 0)
      .map((l) => `${l.target}: ${l.errors} errors, ${l.non2xx} non-2xx answers`)
      .concat(hooks.duplicates > 0 ? [`${hooks.duplicates} duplicate webhook deliveries`] : []),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
