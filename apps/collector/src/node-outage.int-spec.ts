import 'reflect-metadata';
import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope, Envelope, loadConfig, PayloadOf } from '@flowpilot/shared';
import { TemporaryDatabase } from '@flowpilot/shared/testing';
import { deployBpmn, startInstance } from '../../../test/support/camunda';
import { waitFor } from '../../../test/support/wait-for';
import { COLLECTOR_SETTING_FAMILIES, CollectorConfigSchema } from './collector.config';
import { CollectorModule } from './collector.module';
import { CollectorEvents } from './observability/collector.events';
import { PollScheduler } from './polling/poll-scheduler.service';

const ENGINE = process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest';
const ENGINE_DB = process.env.CAMUNDA_NODE_1_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/camunda_node1';
const RUN = Date.now().toString(36);
const KEY = `collector_outage_${RUN}`;
const STEADY = `steady-${RUN}`;
const FLAKY = `flaky-${RUN}`;

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.io/it">
  <bpmn:process id="${KEY}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * A TCP relay in front of the real node1: forwarding, it is the node; hanging,
 * it is a node that accepts connections and never answers (a hung JVM).
 */
class NodeRelay {
  private mode: 'forward' | 'hang' = 'forward';
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: URL) {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      if (this.mode === 'hang') return;
      const upstream = new Socket();
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      upstream.connect(Number(target.port), target.hostname, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.target.pathname}`;
  }

  /** Also cuts the kept-alive connections, which would otherwise go on forwarding. */
  hang(): void {
    this.mode = 'hang';
    for (const socket of this.sockets) socket.destroy();
  }

  forward(): void {
    this.mode = 'forward';
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('collector when a node hangs and comes back', () => {
  const relay = new NodeRelay(new URL(ENGINE));
  const started: Envelope<PayloadOf<'camunda.process.started.v1'>>[] = [];
  const statuses: Envelope<PayloadOf<'camunda.node.status.v1'>>[] = [];
  let consumer: Consumer;
  let app: INestApplicationContext;
  let db: TemporaryDatabase;
  let collection: PollScheduler;
  const durations: Record<string, number[]> = { [STEADY]: [] };

  beforeAll(async () => {
    const relayUrl = await relay.listen();
    db = TemporaryDatabase.create('flowpilot_collector_outage_it');

    const brokers = [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'];
    consumer = new Kafka({
      clientId: `collector-outage-${RUN}`,
      brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `collector-outage-${RUN}` });
    await consumer.connect();
    await consumer.subscribe({
      topics: ['camunda.process.started.v1', 'camunda.node.status.v1'],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === 'camunda.process.started.v1') {
          const decoded = decodeEnvelope('camunda.process.started.v1', message);
          if (decoded.ok && decoded.envelope.payload.processDefinitionKey === KEY)
            started.push(decoded.envelope);
        } else {
          const decoded = decodeEnvelope('camunda.node.status.v1', message);
          if (decoded.ok && decoded.envelope.nodeId === FLAKY) statuses.push(decoded.envelope);
        }
      },
    });

    const config = loadConfig(
      'collector',
      CollectorConfigSchema,
      {
        CAMUNDA_NODE_1_NAME: STEADY,
        CAMUNDA_NODE_1_URL: ENGINE,
        CAMUNDA_NODE_1_DB_URL: ENGINE_DB,
        CAMUNDA_NODE_2_NAME: FLAKY,
        CAMUNDA_NODE_2_URL: relayUrl,
        CAMUNDA_NODE_2_DB_URL: ENGINE_DB,
        DB_NAME: db.name,
        LOG_LEVEL: 'error',
        INITIAL_BACKFILL_DAYS: '0',
        CAMUNDA_REQUEST_TIMEOUT_MS: '1000',
        NODE_POLL_TIMEOUT_MS: '10000',
        CIRCUIT_FAILURE_THRESHOLD: '2',
        CIRCUIT_OPEN_MS: '500',
        KAFKA_BROKERS: brokers[0],
      },
      { families: COLLECTOR_SETTING_FAMILIES },
    );
    app = await NestFactory.createApplicationContext(CollectorModule.register(config, { schedule: false }), {
      logger: false,
    });
    collection = app.get(PollScheduler);
    app.get(CollectorEvents).on('polled', ({ nodeId, durationMs }) => durations[nodeId]?.push(durationMs));
    app
      .get(CollectorEvents)
      .on('pollFailed', ({ nodeId, durationMs }) => durations[nodeId]?.push(durationMs));
    await deployBpmn(ENGINE, KEY, model);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await consumer?.disconnect();
    await relay.close();
    db?.drop();
  });

  it('keeps the other node on time, publishes down and up once, and misses nothing from the outage', async () => {
    const cycle = () => collection.pollAll();
    const ofNode = (nodeId: string) =>
      started.filter((e) => e.nodeId === nodeId).map((e) => e.payload.processInstanceId);

    await cycle();
    const before = await startInstance(ENGINE, KEY);
    await cycle();

    relay.hang();
    durations[STEADY].length = 0;
    const during: string[] = [];
    for (let i = 0; i < 2; i++) {
      during.push(await startInstance(ENGINE, KEY));
      const outcomes = await cycle();
      expect(outcomes.find((o) => o.nodeId === STEADY)?.outcome).toBe('ok');
      expect(outcomes.find((o) => o.nodeId === FLAKY)).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(/timed out/),
      });
    }
    const steadyDuringOutage = [...durations[STEADY]];
    // The circuit is open: the hung node is not even tried.
    expect((await cycle()).find((o) => o.nodeId === FLAKY)).toMatchObject({
      outcome: 'skipped',
      reason: 'circuit-open',
    });
    await waitFor(
      "the steady node's facts during the outage",
      () => during.every((id) => ofNode(STEADY).includes(id)),
      { timeoutMs: 10_000 },
    );
    await waitFor('node-down', () => statuses.some((e) => e.payload.status === 'down'), {
      timeoutMs: 10_000,
    });

    relay.forward();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await cycle()).find((o) => o.nodeId === FLAKY)?.outcome).toBe('ok');
    await cycle();

    const all = [before, ...during];
    await waitFor('the flaky node to catch up', () => all.every((id) => ofNode(FLAKY).includes(id)), {
      timeoutMs: 10_000,
    });
    expect(ofNode(FLAKY).sort()).toEqual([...all].sort());
    expect(ofNode(STEADY).sort()).toEqual([...all].sort());
    expect(statuses.map((e) => `${e.payload.previousStatus}->${e.payload.status}`)).toEqual([
      'unknown->up',
      'up->down',
      'down->up',
    ]);
    // While the hung node's cycles ran into its 1 s request timeout, the steady node's cycles took their usual time.
    expect(Math.max(...steadyDuringOutage)).toBeLessThan(1_000);
  }, 90_000);
});
