import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { OtlpJsonReceiver, ReceivedSpan } from '../../../../test/deploy/support/otlp-json-receiver';
import { waitFor } from '../../../../test/support/wait-for';

/**
 * Three services as separate processes, each started through the telemetry
 * preload, meet only on the real Kafka broker: origin (HTTP → publish), relay
 * (consume → publish), sink (consume → outbound HTTP). Their spans, exported
 * over OTLP/HTTP to a receiver in this test, must form one trace.
 */
const ROOT = resolve(__dirname, '../../../..');
const run = randomUUID().slice(0, 8);
const basePort = 14_000 + Math.floor(Math.random() * 1_000);
const ROLES = ['origin', 'relay', 'sink'] as const;
const SPAN_KIND = { SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };

function startService(role: (typeof ROLES)[number], port: number, env: Record<string, string>): ChildProcess {
  mkdirSync(resolve(ROOT, 'test-output/logs'), { recursive: true });
  const log = createWriteStream(resolve(ROOT, 'test-output/logs', `trace-${run}-${role}.log`));
  const child = spawn(
    process.execPath,
    [
      '--require',
      'ts-node/register/transpile-only',
      '--require',
      './libs/shared/src/telemetry/register.ts',
      'test/deploy/fixtures/trace-chain.app.ts',
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...env,
        FIXTURE_ROLE: role,
        HTTP_PORT: String(port),
        OTEL_SERVICE_NAME: `trace-${role}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

describe('trace context across Kafka, through the telemetry preload', () => {
  const otlp = new OtlpJsonReceiver();
  const notified: string[] = [];
  const notifyServer: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      notified.push(body);
      response.writeHead(204).end();
    });
  });
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const endpoint = await otlp.start();
    await new Promise<void>((r) => notifyServer.listen(0, '127.0.0.1', r));
    const env = {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_GROUP_PREFIX: `trace-${run}`,
      DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
      DB_NAME: process.env.DB_NAME ?? 'flowpilot',
      DB_USER: process.env.DB_USER ?? 'postgres',
      LOG_LEVEL: 'warn',
      RUN_PREFIX: `trace-${run}`,
      NOTIFY_URL: `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}/notify`,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    ROLES.forEach((role, i) => children.push(startService(role, basePort + i, env)));
    await Promise.all(
      ROLES.map((role, i) =>
        waitFor(
          `trace-${role} to be ready (test-output/logs/trace-${run}-${role}.log)`,
          async () => {
            if (children[i].exitCode !== null)
              throw new Error(`trace-${role} exited with ${children[i].exitCode}`);
            return (await fetch(`http://127.0.0.1:${basePort + i}/health/ready`)).ok || undefined;
          },
          { timeoutMs: 120_000 },
        ),
      ),
    );
  }, 150_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((r) => {
            if (child.exitCode !== null) return r();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              r();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await otlp.stop();
    await new Promise<void>((r) => notifyServer.close(() => r()));
  }, 30_000);

  it('finds the HTTP request, both Kafka hops and the outbound call of three services under one trace id', async () => {
    const started = await fetch(`http://127.0.0.1:${basePort}/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'journey' }),
    });
    expect(started.status).toBe(201);
    await waitFor('the sink to call out', () => (notified.length > 0 ? true : undefined));

    const root = await waitFor('the origin request span', () =>
      otlp.spans.find(
        (s) =>
          s.service === 'trace-origin' &&
          s.kind === SPAN_KIND.SERVER &&
          s.attributes['http.route'] === '/start',
      ),
    );
    const byName = (service: string, kind: number, name: string) => (s: ReceivedSpan) =>
      s.traceId === root.traceId && s.service === service && s.kind === kind && s.name === name;
    const [originSend, relayProcess, relaySend, sinkProcess, sinkCall] = await waitFor(
      'every span of the journey',
      () => {
        const found = [
          otlp.spans.find(byName('trace-origin', SPAN_KIND.PRODUCER, 'send camunda.history.size.v1')),
          otlp.spans.find(byName('trace-relay', SPAN_KIND.CONSUMER, 'process camunda.history.size.v1')),
          otlp.spans.find(byName('trace-relay', SPAN_KIND.PRODUCER, 'send camunda.engine.metrics.v1')),
          otlp.spans.find(byName('trace-sink', SPAN_KIND.CONSUMER, 'process camunda.engine.metrics.v1')),
          otlp.spans.find(
            (s) =>
              s.traceId === root.traceId &&
              s.service === 'trace-sink' &&
              s.kind === SPAN_KIND.CLIENT &&
              s.name === 'POST',
          ),
        ];
        return found.every(Boolean) ? (found as ReceivedSpan[]) : undefined;
      },
    );

    const trace = otlp.spans.filter((s) => s.traceId === root.traceId);
    const services = [...new Set(trace.map((s) => s.service))].sort();
    process.stdout.write(
      `trace ${root.traceId}: ${trace.length} spans from ${services.join(', ')}\n` +
        trace.map((s) => `  ${s.service.padEnd(13)} ${s.name}`).join('\n') +
        '\n',
    );
    expect(services).toEqual(['trace-origin', 'trace-relay', 'trace-sink']);
    // Each hop's consumer span is the child of the producer span that wrote the message.
    expect(relayProcess.parentSpanId).toBe(originSend.spanId);
    expect(sinkProcess.parentSpanId).toBe(relaySend.spanId);
    expect(sinkCall.attributes['server.address']).toBe('127.0.0.1');
    // Probes and scrapes are not traced.
    expect(
      otlp.spans.some(
        (s) => s.service.startsWith('trace-') && String(s.attributes['url.path'] ?? '').startsWith('/health'),
      ),
    ).toBe(false);
    // kafkajs' per-batch spans (a new trace per fetched batch) are left out; the transport's spans replace them.
    expect(otlp.spans.filter((s) => s.name.startsWith('poll '))).toEqual([]);
  }, 90_000);
});
