import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { psql } from '@flowpilot/shared/testing';
import { incidentPipelineEnv } from '../support/app-env';
import { raiseMissingVariableIncident } from '../support/missing-variable-incident';
import { waitFor } from '../support/wait-for';
import { BuiltApp } from './support/app-runner';
import { OtlpJsonReceiver, ReceivedSpan } from './support/otlp-json-receiver';

/**
 * One incident's journey, traced: a model deployed to the real Camunda fails
 * on a missing variable; the collector, incident-ai and the gateway (built
 * apps, started through the telemetry preload, meeting only on Kafka) handle
 * it; their spans, exported over OTLP to a receiver in this test, must share
 * one trace id from the collector's publish to the gateway's projection and
 * on to its webhook delivery (an HTTP POST to a receiver in this test).
 */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_trace_${run}`;
const adminKey = `fp_trace_${randomBytes(16).toString('hex')}`;
const basePort = 16_000 + Math.floor(Math.random() * 1_000);
const KIND = { SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };


/** A webhook subscriber that accepts every delivery. */
async function startReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

describe('an incident traced across collector, incident-ai and gateway', () => {
  const otlp = new OtlpJsonReceiver();
  let apps: BuiltApp[] = [];
  let receiver: { server: Server; url: string };

  beforeAll(async () => {
    const endpoint = await otlp.start();
    const env: Record<string, string> = {
      ...incidentPipelineEnv({
        // A group that resumes where the previous run stopped: a new one would first replay every topic from the start.
        groupPrefix: 'flowpilot-incident-trace-e2e',
        database,
        logLevel: 'warn',
        adminKey,
      }),
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      // New consumer groups replay the topics from the start: tens of thousands of spans the default queue (2048) would drop.
      OTEL_BSP_MAX_QUEUE_SIZE: '200000',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2048',
    };
    psql(`CREATE DATABASE ${database}`);
    apps = ['collector', 'incident-ai', 'gateway'].map(
      (name, i) => new BuiltApp(name, basePort + i, env, `trace-${run}`),
    );
    await Promise.all(apps.map((app) => app.start()));
    receiver = await startReceiver();
    const gateway = apps[2];
    const subscribed = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': adminKey },
      body: JSON.stringify({ url: receiver.url, events: ['incident.opened', 'incident.analyzed'] }),
    });
    if (subscribed.status !== 201) throw new Error(`webhook subscription: ${subscribed.status} ${await subscribed.text()}`);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await otlp.stop();
    await new Promise((resolveClose) => receiver?.server.close(resolveClose));
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('puts the spans of at least three services, up to the webhook delivery, under one trace id', async () => {
    const { incident } = await raiseMissingVariableIncident();

    const key = `node1:${incident.id}`;
    const published = await waitFor('the collector span that published the incident', () =>
      otlp.spans.find(
        (s) =>
          s.service === 'collector' &&
          s.kind === KIND.PRODUCER &&
          s.name === 'send camunda.incident.opened.v1' &&
          s.attributes['messaging.kafka.message.key'] === key,
      ),
    );
    const inTrace = (service: string, kind: number, name: string) => (s: ReceivedSpan) =>
      s.traceId === published.traceId && s.service === service && s.kind === kind && s.name === name;
    const receiverPort = new URL(receiver.url).port;
    const isDelivery = (s: ReceivedSpan) =>
      s.traceId === published.traceId &&
      s.service === 'gateway' &&
      s.kind === KIND.CLIENT &&
      /POST/.test(s.name) &&
      [s.attributes['server.port'], s.attributes['net.peer.port']].map(String).includes(receiverPort);
    const [analysing, analysisSent, projected, delivered] = await waitFor(
      'the journey spans of incident-ai and gateway',
      () => {
        const found = [
          otlp.spans.find(inTrace('incident-ai', KIND.CONSUMER, 'process camunda.incident.opened.v1')),
          otlp.spans.find(inTrace('incident-ai', KIND.PRODUCER, 'send incident.analysis.v1')),
          otlp.spans.find(inTrace('gateway', KIND.CONSUMER, 'process incident.analysis.v1')),
          otlp.spans.find(isDelivery),
        ];
        return found.every(Boolean) ? (found as ReceivedSpan[]) : undefined;
      },
      { timeoutMs: 90_000 },
    );

    const trace = otlp.spans.filter((s) => s.traceId === published.traceId);
    const services = [...new Set(trace.map((s) => s.service))].sort();
    process.stdout.write(
      `incident ${incident.id}: trace ${published.traceId}, ${trace.length} spans from ${services.join(', ')}\n` +
        trace.map((s) => `  ${s.service.padEnd(12)} ${s.name}`).join('\n') +
        '\n',
    );
    expect(services).toEqual(expect.arrayContaining(['collector', 'gateway', 'incident-ai']));
    expect(analysing.parentSpanId).toBe(published.spanId);
    expect(analysisSent.attributes['messaging.kafka.message.key']).toBe(key);
    expect(projected.parentSpanId).toBe(analysisSent.spanId);
    expect(delivered.traceId).toBe(published.traceId);
  }, 240_000);
});
