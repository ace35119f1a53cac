import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { deadLetterTopicOf, TopicName } from '@flowpilot/shared';
import { psql } from '@flowpilot/shared/testing';
import { AppName, AppProcess } from '../support/app-process';
import { DeadLetterReader } from '../support/fuzz/dead-letter-reader';
import { originalValueProblems } from '../support/fuzz/dead-letter-checks';
import { testKafka } from '../support/fuzz/consumer-groups';
import { garbageFor, GarbageMessage } from '../support/fuzz/kafka-garbage';
import { ValidMessage, validMessages } from '../support/fuzz/valid-events';
import { waitFor } from '../support/wait-for';
import { isolatedKafkaBrokers } from './support/isolated-stack';

/**
 * Every consumer of every topic, fed garbage: not JSON, not an envelope, a
 * payload failing its schema, a wrong version, a huge message, binary and an
 * empty value, then a valid event on the same partition. Each bad message must
 * land in `<topic>.dlq` with a reason naming the problem and its exact bytes
 * (a prefix and the size of the huge one, which a dead letter cannot embed whole),
 * and the valid event after it must still be processed.
 *
 * Runs on the isolated project's private Kafka (test/isolated/support): the
 * garbage and the made-up node's events stay there, so no consumer of the
 * shared broker ever reads them.
 */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_malformed_${run}`;
const groupPrefix = `malformed-${run}`;
const basePort = 16_000 + Math.floor(Math.random() * 1_000);
const CONSUMERS: AppName[] = ['analyzer', 'incident-ai', 'bpmn-generator', 'gateway'];

const env: Record<string, string> = {
  KAFKA_BROKERS: isolatedKafkaBrokers,
  KAFKA_GROUP_PREFIX: groupPrefix,
  DB_HOST: '127.0.0.1',
  DB_NAME: database,
  DB_USER: 'postgres',
  LOG_LEVEL: 'warn',
  GATEWAY_BOOTSTRAP_ADMIN_KEY: `fp_malformed_${randomBytes(16).toString('hex')}`,
};

/** The topics an app consumes, read from its `@OnEvent` and `@OnEventBatch` handlers so a new consumer cannot go untested. */
function consumedTopics(app: AppName): TopicName[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/(?<!\.spec|\.int-spec)\.ts$/.test(entry.name)) files.push(path);
    }
  };
  walk(resolve(__dirname, '../../apps', app, 'src'));
  const topics = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/@OnEvent(?:Batch)?\('([^']+)'\)/g)].map(
      (m) => m[1] as TopicName,
    ),
  );
  return [...new Set(topics)].sort();
}

describe('malformed Kafka messages, every consumer', () => {
  const subscriptions = new Map(CONSUMERS.map((app) => [app, consumedTopics(app)]));
  const topics = [...new Set([...subscriptions.values()].flat())].sort();
  const apps = CONSUMERS.map((app, i) => new AppProcess(app, env, basePort + i, `malformed-${run}`));
  const kafka = testKafka(`malformed-${run}`, [isolatedKafkaBrokers]);
  const reader = new DeadLetterReader(kafka, topics.map(deadLetterTopicOf));
  let producer: Producer;

  beforeAll(async () => {
    psql(`CREATE DATABASE ${database}`);
    producer = kafka.producer();
    await producer.connect();
    // The private broker starts empty and the services' new groups read from the beginning, so nothing
    // needs positioning: every message a group reads was sent by this test.
    await Promise.all(apps.map((app) => app.start()));
    await reader.start();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await reader.stop();
    await producer?.disconnect();
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('consumes what the services subscribe to', () => {
    for (const app of CONSUMERS) expect(subscriptions.get(app)!.length).toBeGreaterThan(0);
    process.stdout.write(
      `malformed-kafka: ${topics.length} topics, ${[...subscriptions.values()].flat().length} (consumer, topic) pairs\n`,
    );
  });

  it('dead-letters each bad message with its reason and bytes, then processes the valid event after it', async () => {
    const started = Date.now();
    const valid = validMessages(topics, `malformed-node-${run}`);
    const sent = new Map<TopicName, { garbage: GarbageMessage[]; valid: ValidMessage }>();
    for (const topic of topics) {
      const event = valid.get(topic)!;
      const garbage = garbageFor(topic, event, run);
      // One partition: the valid event queues behind the garbage, so processing it proves the consumer went on.
      await producer.send({
        topic,
        messages: [
          ...garbage.map((g) => ({ key: g.key, value: g.value, partition: 0 })),
          { key: event.key, value: event.value, headers: event.headers, partition: 0 },
        ],
      });
      sent.set(topic, { garbage, valid: event });
    }
    const expected = [...subscriptions].flatMap(([app, appTopics]) =>
      appTopics.flatMap((topic) => sent.get(topic)!.garbage.map((g) => ({ app, topic, garbage: g }))),
    );
    const groupOf = (app: AppName) => `${groupPrefix}.${app}`;
    const recordFor = (e: (typeof expected)[number]) =>
      reader.records.find(
        (r) =>
          r.sourceTopic === e.topic && r.consumerGroup === groupOf(e.app) && r.originalKey === e.garbage.key,
      );
    const processed = (): Set<string> => {
      const schemas = psql(
        `SELECT table_schema FROM information_schema.tables WHERE table_name = 'processed_events'`,
        database,
      )
        .split('\n')
        .filter(Boolean);
      const rows = schemas.flatMap((schema) =>
        psql(`SELECT consumer_group || '/' || event_id FROM "${schema}".processed_events`, database)
          .split('\n')
          .filter(Boolean),
      );
      return new Set(rows);
    };
    const validPairs = [...subscriptions].flatMap(([app, appTopics]) =>
      appTopics.map((topic) => ({
        app,
        topic,
        key: `${groupOf(app)}/${sent.get(topic)!.valid.envelope.eventId}`,
      })),
    );

    await waitFor(
      'every bad message in its dead-letter topic and every valid event processed',
      () => {
        const done = processed();
        return expected.every((e) => recordFor(e)) && validPairs.every((p) => done.has(p.key));
      },
      { timeoutMs: 180_000, intervalMs: 1_000 },
    ).catch(() => undefined);

    const done = processed();
    const missingDeadLetters = expected
      .filter((e) => !recordFor(e))
      .map((e) => `${e.app} ${e.topic} ${e.garbage.kind}`);
    const unprocessed = validPairs.filter((p) => !done.has(p.key)).map((p) => `${p.app} ${p.topic}`);
    const wrongRecords = expected.flatMap((e) => {
      const record = recordFor(e);
      if (!record) return [];
      const problems: string[] = [];
      if (!e.garbage.reason.test(record.reason)) problems.push(`reason "${record.reason.slice(0, 120)}"`);
      problems.push(...originalValueProblems(record, e.garbage.value));
      return problems.map((p) => `${e.app} ${e.topic} ${e.garbage.kind}: ${p}`);
    });
    process.stdout.write(
      `malformed-kafka: ${expected.length} bad messages expected in dead-letter topics (${topics.length} topics × 7 kinds × consumers), ${validPairs.length} valid events expected processed, in ${Date.now() - started} ms\n`,
    );

    expect({ missingDeadLetters, wrongRecords, unprocessed }).toEqual({
      missingDeadLetters: [],
      wrongRecords: [],
      unprocessed: [],
    });
  }, 300_000);
});
