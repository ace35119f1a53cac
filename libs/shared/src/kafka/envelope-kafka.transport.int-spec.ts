import { Controller, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { FlowpilotCoreModule } from '../bootstrap/flowpilot-core.module';
import { commonSettings, databaseSettings, kafkaSettings } from '../config/common-settings';
import { loadConfig } from '../config/load-config';
import { PayloadOf } from '../contracts/topic-catalogue';
import { connectEnvelopeConsumer } from '../bootstrap/connect-envelope-consumer';
import { DeadLetterReader, nodeStatus } from '../testing';
import { waitFor } from '../../../../test/support/wait-for';
import { EventOf, OnEvent } from './envelope-kafka.transport';
import { EventPublisher } from './event-publisher';

const TOPIC = 'camunda.node.status.v1';
const run = randomUUID().slice(0, 8);
const received: EventOf<typeof TOPIC>[] = [];

@Controller()
class RecordingConsumer {
  @OnEvent(TOPIC)
  handle(event: EventOf<typeof TOPIC>): void {
    if (!event.payload.nodeName.startsWith(`it-${run}`)) return;
    if (event.payload.reason === 'explode') throw new Error('handler cannot cope with this one');
    received.push(event);
  }
}

@Module({ controllers: [RecordingConsumer] })
class ConsumerTestModule {}

const status = (name: string, reason: string | null = null): PayloadOf<typeof TOPIC> =>
  nodeStatus({ nodeName: `it-${run}-${name}`, reason });

describe('EnvelopeKafkaTransport on the real broker', () => {
  const config = loadConfig(
    'transport-test',
    z.object({ ...commonSettings, ...kafkaSettings, ...databaseSettings }),
    {
      ...process.env,
      KAFKA_GROUP_PREFIX: `it-${run}`,
      LOG_LEVEL: 'warn',
    },
  );
  const groupId = `it-${run}.transport-test`;
  let app: INestApplication;
  let publisher: EventPublisher;
  const kafka = new Kafka({
    clientId: `it-${run}`,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const deadLetters = new DeadLetterReader(kafka, {
    topic: TOPIC,
    readerGroupId: `it-${run}-dlq-reader`,
    consumerGroup: groupId,
  });
  const rawProducer = kafka.producer();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [FlowpilotCoreModule.forRoot({ service: 'transport-test', config }), ConsumerTestModule],
    }).compile();
    app = moduleRef.createNestApplication();
    connectEnvelopeConsumer(app, { groupId: groupId, fromBeginning: false });
    await app.init();
    await app.startAllMicroservices();
    publisher = app.get(EventPublisher);
    await rawProducer.connect();
    await deadLetters.start();
    // Both consumers must own their partitions before anything is produced (they start at the end).
    await new Promise((r) => setTimeout(r, 4_000));
  }, 60_000);

  afterAll(async () => {
    await deadLetters.stop();
    await rawProducer.disconnect();
    await app?.close();
  }, 30_000);

  it('dead-letters bad messages with a reason, skips duplicates and keeps consuming', async () => {
    const first = await publisher.publish(TOPIC, status('first'), { nodeId: 'it' });
    await rawProducer.send({ topic: TOPIC, messages: [{ key: 'it', value: `{"broken": "${run}"` }] });
    await rawProducer.send({
      topic: TOPIC,
      messages: [
        {
          key: 'it',
          value: JSON.stringify({
            ...first,
            eventId: randomUUID(),
            payload: { ...first.payload, status: 'sideways' },
          }),
        },
      ],
    });
    await publisher.publish(TOPIC, status('exploding', 'explode'), { nodeId: 'it' });
    await publisher.publish(TOPIC, status('first'), { nodeId: 'it', eventId: first.eventId });
    const last = await publisher.publish(TOPIC, status('last'), { nodeId: 'it' });

    await waitFor(
      'the last event and three dead letters',
      () => received.some((e) => e.eventId === last.eventId) && deadLetters.records.length >= 3,
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    expect(received.map((e) => e.payload.nodeName)).toEqual([`it-${run}-first`, `it-${run}-last`]);
    const reasons = deadLetters.records.map((d) => d.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringContaining('value is not JSON'),
        expect.stringContaining('invalid payload: status'),
        expect.stringContaining('handler failed: handler cannot cope with this one'),
      ]),
    );
    expect(deadLetters.records.find((d) => d.reason.includes('not JSON'))?.originalValue).toContain(run);
  }, 60_000);
});
