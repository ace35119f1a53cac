import { Controller, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { FlowpilotCoreModule } from '../bootstrap/flowpilot-core.module';
import { PROCESSED_EVENT_STORE } from '../bootstrap/tokens';
import { commonSettings, databaseSettings, kafkaSettings } from '../config/common-settings';
import { loadConfig } from '../config/load-config';
import { deadLetterTopicOf } from '../contracts/topic-catalogue';
import { AppLogger } from '../logging/app-logger';
import { encodeEnvelope } from './envelope-codec';
import { EnvelopeKafkaTransport, EventOf, OnEvent } from './envelope-kafka.transport';
import { EventPublisher } from './event-publisher';
import { PipelineEvents } from './pipeline-events';
import { ProcessedEventStore } from './processed-event.store';
import { DeadLetterReader, nodeStatus } from '../testing';
import { waitFor } from '../../../../test/support/wait-for';

const TOPIC = 'camunda.node.status.v1';
const run = randomUUID().slice(0, 8);
// A private copy of the topic: the poison message must not reach other tests' consumers.
const PRIVATE_TOPIC = `it-dlq-size-${run}`;
const received: EventOf<typeof TOPIC>[] = [];

@Controller()
class RecordingConsumer {
  @OnEvent(TOPIC)
  handle(event: EventOf<typeof TOPIC>): void {
    received.push(event);
  }
}

@Module({ controllers: [RecordingConsumer] })
class ConsumerTestModule {}

/** ~990 kB of what JSON escapes most (quotes, backslashes, control characters): ~3 MB once escaped. */
function poisonValue(): Buffer {
  return Buffer.from('"\\\u0001\n\u001f'.repeat(198_000), 'utf8');
}

describe('dead-lettering a message near the broker size limit', () => {
  const config = loadConfig(
    'dlq-size-test',
    z.object({ ...commonSettings, ...kafkaSettings, ...databaseSettings }),
    { ...process.env, KAFKA_GROUP_PREFIX: `it-${run}`, LOG_LEVEL: 'warn' },
  );
  const groupId = `it-${run}.dlq-size-test`;
  const kafka = new Kafka({
    clientId: `it-${run}`,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const rawProducer = kafka.producer();
  const deadLetters = new DeadLetterReader(kafka, {
    topic: PRIVATE_TOPIC,
    readerGroupId: `it-${run}-dlq-size-reader`,
    fromBeginning: true,
  });
  let app: INestApplication;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [PRIVATE_TOPIC, deadLetterTopicOf(PRIVATE_TOPIC)].map((topic) => ({ topic, numPartitions: 1 })),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [FlowpilotCoreModule.forRoot({ service: 'dlq-size-test', config }), ConsumerTestModule],
    }).compile();
    app = moduleRef.createNestApplication();
    const transport = new EnvelopeKafkaTransport({
      kafka: app.get(Kafka),
      groupId,
      publisher: app.get(EventPublisher),
      processedEvents: app.get<ProcessedEventStore>(PROCESSED_EVENT_STORE),
      events: app.get(PipelineEvents),
      logger: app.get(AppLogger).forContext('KafkaConsumer'),
      fromBeginning: true,
      deadLetterMaxBytes: config.KAFKA_DEAD_LETTER_MAX_BYTES,
      testOnlyKafkaTopicOf: { [TOPIC]: PRIVATE_TOPIC },
    });
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.init();
    await app.startAllMicroservices();
    await rawProducer.connect();
    await deadLetters.start();
  }, 90_000);

  afterAll(async () => {
    await deadLetters.stop();
    await rawProducer.disconnect();
    await app?.close();
    await admin
      .deleteTopics({ topics: [PRIVATE_TOPIC, deadLetterTopicOf(PRIVATE_TOPIC)] })
      .catch(() => undefined);
    await admin.disconnect();
  }, 30_000);

  it('dead-letters the first bytes with the whole size and goes on to the next message', async () => {
    const poison = poisonValue();
    expect(Buffer.byteLength(JSON.stringify(poison.toString('utf8')))).toBeGreaterThan(1_048_576);
    const next = encodeEnvelope(TOPIC, {
      eventId: randomUUID(),
      type: 'camunda.node.status',
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'dlq-size-test',
      nodeId: 'it',
      trace: { correlationId: randomUUID() },
      payload: nodeStatus({ nodeName: `it-${run}-after-poison` }),
    });
    await rawProducer.send({
      topic: PRIVATE_TOPIC,
      messages: [{ key: 'it', value: poison, headers: { 'it-run': run } }, next],
    });

    await waitFor(
      'the next event and the dead letter',
      () => received.length > 0 && deadLetters.records.length > 0,
      {
        intervalMs: 200,
      },
    );

    expect(received.map((e) => e.payload.nodeName)).toEqual([`it-${run}-after-poison`]);
    const [record] = deadLetters.records;
    expect(record).toMatchObject({
      sourceTopic: PRIVATE_TOPIC,
      partition: 0,
      offset: '0',
      consumerGroup: groupId,
      originalKey: 'it',
      originalTruncated: true,
      originalSizeBytes: poison.length,
      originalHeaders: { 'it-run': run },
    });
    expect(record.reason).toContain('value is not JSON');
    expect(poison.toString('utf8').startsWith(record.originalValue ?? 'missing')).toBe(true);
    expect((record.originalValue ?? '').length).toBeGreaterThan(10_000);
  }, 120_000);

  it('dead-letters a message whose 600 kB key alone would make the dead letter too large', async () => {
    const hugeKey = 'k'.repeat(600_000);
    await rawProducer.send({ topic: PRIVATE_TOPIC, messages: [{ key: hugeKey, value: '{}' }] });

    await waitFor('the second dead letter', () => deadLetters.records.length > 1, { intervalMs: 200 });

    expect(deadLetters.records[1]).toMatchObject({
      offset: '2',
      originalKey: hugeKey.slice(0, 1_024),
      originalKeyTruncated: true,
      originalKeySizeBytes: 600_000,
      originalValue: '{}',
      detailsOmitted: false,
    });
  }, 120_000);
});
