/**
 * Incident-to-webhook latency through the whole system, all real: a model on
 * Camunda node1 fails on a missing variable → the collector (its own process)
 * publishes the incident → incident-ai analyses it → the gateway delivers the
 * signed `incident.opened` and `incident.analyzed` webhooks to a receiver on
 * loopback. Latency = receipt at the receiver − Camunda's incidentTimestamp.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/e2e/incident-to-webhook.bench.ts
 *
 * Baseline in the same run, on the same incidents: a bare poller process
 * (bare-poller.ts) polling `GET /engine-rest/incident` at the collector's
 * interval and POSTing each new incident to the same receiver. The ratio is
 * what the pipeline (Kafka hops, persistence, analysis, the gateway's
 * dispatcher) adds over detection alone; both wait for the same poll.
 *
 * Settings (environment): BENCH_E2E_INCIDENTS (default 40), BENCH_E2E_POLL_MS
 * (collector and bare poller interval, default 1000), BENCH_E2E_SPACING_MS (between
 * instance starts, default 700, so incidents fall at every phase of the poll).
 * Needs the stack and a build (`npm run build`): the apps run from dist/.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { psql } from '@flowpilot/shared/testing';
import { AppName, AppProcess } from '../../test/support/app-process';
import { CAMUNDA_NODE1_URL, camundaGet, deployBpmn, startInstance } from '../../test/support/camunda';
import { waitForConsumersCaughtUp } from '../../test/support/kafka';
import { waitFor } from '../../test/support/wait-for';
import { verifySignature, WebhookReceiver } from '../../test/support/webhook-receiver';
import { emitBenchOutcome } from '../report/bench-result';
import { camundaTime, firstReceipt, percentile } from './latency.util';
import { subscribeWebhook } from './webhook-subscription';

const INCIDENTS = Number(process.env.BENCH_E2E_INCIDENTS ?? 40);
const POLL_MS = Number(process.env.BENCH_E2E_POLL_MS ?? 1_000);
const SPACING_MS = Number(process.env.BENCH_E2E_SPACING_MS ?? 700);
const CATCH_UP_TIMEOUT_MS = 8 * 60_000;
const ROOT = resolve(__dirname, '../..');

const run = randomUUID().slice(0, 8);
const database = `flowpilot_e2e_bench_${run}`;
const adminKey = `fp_bench_${randomBytes(16).toString('hex')}`;
const processKey = `bench-e2e-${run}`;
const gatewayPort = 14_000 + Math.floor(Math.random() * 1_000);
const baselineSecret = randomBytes(16).toString('hex');

const env: Record<string, string> = {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_GROUP_PREFIX: `bench-e2e-${run}`,
  DB_HOST: '127.0.0.1',
  DB_NAME: database,
  DB_USER: 'postgres',
  LOG_LEVEL: 'warn',
  CAMUNDA_NODE_1_NAME: 'node1',
  CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL,
  CAMUNDA_NODE_1_DB_URL: 'postgres://postgres@127.0.0.1:5432/camunda_node1',
  POLL_INTERVAL_MS: String(POLL_MS),
  INITIAL_BACKFILL_DAYS: '0',
  GATEWAY_BOOTSTRAP_ADMIN_KEY: adminKey,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
};

function startBarePoller(receiverUrl: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      resolve(__dirname, 'bare-poller.ts'),
      JSON.stringify({
        engineUrl: CAMUNDA_NODE1_URL,
        processDefinitionKey: processKey,
        intervalMs: POLL_MS,
        receiverUrl,
        secret: baselineSecret,
      }),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`bare poller exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready(child));
  });
}

/** Rejects on SIGTERM/SIGINT (the runner's timeout), so the clean-up in main's finally still runs. */
const interrupted = new Promise<never>((_, reject) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => reject(new Error(`interrupted by ${signal}`)));
});

async function main(): Promise<void> {
  const receiver = new WebhookReceiver();
  const ports: Partial<Record<AppName, number>> = {
    gateway: gatewayPort,
    collector: gatewayPort + 1,
    'incident-ai': gatewayPort + 2,
  };
  const apps = (['collector', 'incident-ai', 'gateway'] as AppName[]).map(
    (name) => new AppProcess(name, env, ports[name]!, `bench-e2e-${run}`),
  );
  let poller: ChildProcess | undefined;
  let deploymentId: string | undefined;
  psql(`CREATE DATABASE ${database}`);
  try {
    await Promise.race([measure(), interrupted]);
  } finally {
    if (poller) poller.kill('SIGTERM');
    await Promise.all(apps.map((app) => app.stop()));
    await receiver.stop();
    if (deploymentId)
      await fetch(`${CAMUNDA_NODE1_URL}/deployment/${deploymentId}?cascade=true`, { method: 'DELETE' }).catch(
        () => undefined,
      );
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }

  async function measure(): Promise<void> {
    await Promise.all(apps.map((app) => app.start()));
    const receiverUrl = await receiver.start();
    const secret = await subscribeWebhook(
      `http://127.0.0.1:${gatewayPort}`,
      adminKey,
      receiverUrl,
      ['incident.opened', 'incident.analyzed'],
      [processKey],
    );
    // New consumer groups replay the topics first; the clock must start on a caught-up pipeline. A
    // long-lived development broker holds every earlier run's incidents, hence the generous wait.
    await waitForConsumersCaughtUp(
      {
        [`${env.KAFKA_GROUP_PREFIX}.incident-ai`]: ['camunda.incident.opened.v1'],
        [`${env.KAFKA_GROUP_PREFIX}.gateway`]: ['camunda.incident.opened.v1', 'incident.analysis.v1'],
      },
      CATCH_UP_TIMEOUT_MS,
    );
    const xml = readFileSync(resolve(ROOT, 'test/fixtures/bpmn/e2e-missing-variable.bpmn'), 'utf8').replace(
      /e2e-missing-variable/g,
      processKey,
    );
    deploymentId = (await deployBpmn(CAMUNDA_NODE1_URL, processKey, xml)).deploymentId;
    poller = await startBarePoller(receiverUrl);

    const startedAt = Date.now();
    for (let i = 0; i < INCIDENTS; i++) {
      const due = startedAt + i * SPACING_MS;
      if (due > Date.now()) await sleep(due - Date.now());
      await startInstance(CAMUNDA_NODE1_URL, processKey, { orderTotal: { value: 100 + i, type: 'Double' } });
    }
    const incidents = await waitFor(
      `${INCIDENTS} incidents in Camunda`,
      async () => {
        const found = await camundaGet<{ id: string; incidentTimestamp: string }[]>(
          CAMUNDA_NODE1_URL,
          `/incident?processDefinitionKeyIn=${processKey}`,
        );
        return found.length >= INCIDENTS ? found : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    await waitFor(
      'every incident.opened, incident.analyzed and baseline delivery',
      () =>
        incidents.every((incident) =>
          ['incident.opened', 'incident.analyzed', 'baseline.incident'].every(
            (type) => firstReceipt(receiver.received, type, incident.id) !== undefined,
          ),
        ),
      { timeoutMs: 300_000, intervalMs: 500 },
    );

    const latencies = (type: string) =>
      incidents.map(
        (incident) =>
          firstReceipt(receiver.received, type, incident.id)! - camundaTime(incident.incidentTimestamp),
      );
    const opened = latencies('incident.opened');
    const analyzed = latencies('incident.analyzed');
    const bare = latencies('baseline.incident');
    const pipelineHooks = receiver.received.filter((w) => w.body.type !== 'baseline.incident');
    const invalidSignatures = pipelineHooks.filter(
      (w) => !verifySignature(secret, w.headers['x-flowpilot-signature'] as string, w.rawBody),
    ).length;
    if (invalidSignatures > 0) throw new Error(`${invalidSignatures} webhook(s) with an invalid signature`);
    // A baseline that also delivered other incidents (a filter Camunda ignored) would have done more work than ours.
    const baselineDeliveries = receiver.received.filter((w) => w.body.type === 'baseline.incident').length;
    if (baselineDeliveries !== INCIDENTS)
      throw new Error(
        `the bare poller delivered ${baselineDeliveries} incidents, expected exactly ${INCIDENTS}`,
      );

    const baselineName = 'bare poller';
    const metric = (name: string, samples: number[], q: number) => ({
      name,
      unit: 'ms',
      value: percentile(samples, q),
      better: 'lower' as const,
      baseline: { name: `${baselineName} ${name.split(' ').pop()}`, value: percentile(bare, q) },
    });
    const outcome = {
      what: 'Camunda incident (incidentTimestamp) → collector → Kafka → incident-ai → gateway → signed webhook received, apps as processes, real Camunda 7 and Kafka',
      baseline: `a bare poller process: GET /engine-rest/incident every ${POLL_MS} ms (same schedule as the collector) and a signed POST of each new incident to the same receiver; the ratio is what the pipeline adds over detection alone`,
      parameters: { incidents: INCIDENTS, pollIntervalMs: POLL_MS, startSpacingMs: SPACING_MS },
      metrics: [
        metric('incident.analyzed webhook p50', analyzed, 0.5),
        metric('incident.analyzed webhook p99', analyzed, 0.99),
        metric('incident.opened webhook p50', opened, 0.5),
        metric('incident.opened webhook p99', opened, 0.99),
      ],
      notes: [
        `p99 of ${INCIDENTS} samples is nearly the maximum; min/max analyzed ${Math.min(...analyzed)}/${Math.max(...analyzed)} ms, bare poller ${Math.min(...bare)}/${Math.max(...bare)} ms.`,
        `${pipelineHooks.length} pipeline webhooks received, all signatures valid; ${pipelineHooks.length - 2 * INCIDENTS} redelivered duplicate(s).`,
      ],
    };
    process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    emitBenchOutcome(outcome);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
