import { Controller, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { connectEnvelopeConsumer } from '../bootstrap/connect-envelope-consumer';
import { FlowpilotCoreModule } from '../bootstrap/flowpilot-core.module';
import { commonSettings, databaseSettings, kafkaSettings } from '../config/common-settings';
import { loadConfig } from '../config/load-config';
import { PayloadOf } from '../contracts/topic-catalogue';
import { TransientError } from '../errors/transient-error';
import { DeadLetterReader, nodeStatus } from '../testing';
import { waitFor } from '../../../../test/support/wait-for';
import { EventBatch, OnEventBatch } from './event-batch';
import { EventPublisher } from './event-publisher';

const TOPIC = 'camunda.node.status.v1';
const run = randomUUID().slice(0, 8);

/** What one app's batch handler saw: chunk sizes, and how often each flaky event was tried. */
interface Observed {
  chunkSizes: number[];
  attempts: Map<string, number>;
  committedEffects: number;
}

/**
 * A consumer whose only effect is a row per event in its own schema, written
 * through the batch's transaction. `flaky` events fail transiently once,
 * `explode` events always fail: the transport must retry the first and
 * dead-letter only the second.
 */
function batchConsumerModule(schema: string, observed: Observed) {
  @Controller()
  class RowWritingConsumer {
    @OnEventBatch(TOPIC)
    async handle(batch: EventBatch<typeof TOPIC>): Promise<void> {
      const mine = batch.events.filter((e) => e.payload.nodeName.startsWith(`it-${run}`));
      if (mine.length === 0) return;
      observed.chunkSizes.push(mine.length);
      for (const event of mine) {
        const reason = event.payload.reason;
        if (reason === 'explode') throw new Error('handler cannot cope with this one');
        const tries = (observed.attempts.get(event.eventId) ?? 0) + 1;
        observed.attempts.set(event.eventId, tries);
        if (reason === 'flaky' && tries === 1) throw new TransientError('database hiccup');
      }
      await batch.tx.query(
        `INSERT INTO "${schema}".applied (event_id, node_name) SELECT * FROM unnest($1::uuid[], $2::text[])`,
        [mine.map((e) => e.eventId), mine.map((e) => e.payload.nodeName)],
      );
      batch.afterCommit(() => (observed.committedEffects += mine.length));
    }
  }
  @Module({ controllers: [RowWritingConsumer] })
  class BatchConsumerModule {}
  return BatchConsumerModule;
}

const status = (name: string, reason: string | null = null): PayloadOf<typeof TOPIC> =>
  nodeStatus({ nodeName: `it-${run}-${name}`, reason });

describe.each([['batched'], ['per-message']] as const)(
  'batch handlers on the real broker and database (EVENT_HANDLING=%s)',
  (handling) => {
    const service = `batch-test-${handling}`;
    const schema = service.replace(/-/g, '_');
    const config = loadConfig(
      service,
      z.object({ ...commonSettings, ...kafkaSettings, ...databaseSettings }),
      {
        ...process.env,
        LOG_LEVEL: 'warn',
        EVENT_HANDLING: handling,
        EVENT_BATCH_SIZE: '20',
      },
    );
    const groupId = `it-${run}.${service}`;
    const observed: Observed = { chunkSizes: [], attempts: new Map(), committedEffects: 0 };
    const kafka = new Kafka({
      clientId: `it-${run}`,
      brokers: config.KAFKA_BROKERS,
      logLevel: logLevel.NOTHING,
    });
    const deadLetters = new DeadLetterReader(kafka, {
      topic: TOPIC,
      readerGroupId: `it-${run}-${handling}-dlq-reader`,
      consumerGroup: groupId,
    });
    let app: INestApplication;
    let publisher: EventPublisher;
    let db: DataSource;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [FlowpilotCoreModule.forRoot({ service, config }), batchConsumerModule(schema, observed)],
      }).compile();
      app = moduleRef.createNestApplication();
      db = app.get(DataSource);
      await db.query(
        `CREATE TABLE IF NOT EXISTS "${schema}".applied (event_id uuid NOT NULL, node_name text NOT NULL)`,
      );
      connectEnvelopeConsumer(app, { groupId, fromBeginning: false });
      await app.init();
      await app.startAllMicroservices();
      publisher = app.get(EventPublisher);
      await deadLetters.start();
      await new Promise((r) => setTimeout(r, 4_000));
    }, 60_000);

    afterAll(async () => {
      await deadLetters.stop();
      await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await app?.close();
    }, 30_000);

    it('applies every event exactly once, retries a transient failure and dead-letters only the poison message', async () => {
      const names = Array.from({ length: 60 }, (_, i) => `n${i}`);
      const items = names.map((name, i) => ({
        payload: status(name, i === 17 ? 'explode' : i === 33 ? 'flaky' : null),
        options: { nodeId: 'it' },
      }));
      const published = await publisher.publishMany(TOPIC, items);
      // A redelivery of already-published events (the producer retried, or the collector re-read a page).
      await publisher.publishMany(
        TOPIC,
        published
          .slice(0, 10)
          .map((e) => ({ payload: e.payload, options: { nodeId: 'it', eventId: e.eventId } })),
      );

      const applied = async () =>
        db.query<{ event_id: string; node_name: string }[]>(
          `SELECT event_id, node_name FROM "${schema}".applied WHERE node_name LIKE $1`,
          [`it-${run}-%`],
        );
      await waitFor(
        '59 applied events and the dead letter',
        async () => (await applied()).length >= 59 && deadLetters.records.length >= 1,
        { timeoutMs: 45_000, intervalMs: 200 },
      );
      await new Promise((r) => setTimeout(r, 2_000));

      const rows = await applied();
      const expected = published.filter((e) => e.payload.reason !== 'explode');
      expect(rows.map((r) => r.event_id).sort()).toEqual(expected.map((e) => e.eventId).sort());
      expect(deadLetters.records.map((d) => d.eventId)).toEqual([published[17].eventId]);
      expect(deadLetters.records[0].reason).toContain('handler failed: handler cannot cope with this one');
      expect(observed.attempts.get(published[33].eventId)).toBe(2);
      expect(observed.committedEffects).toBe(59);
      const handled: { n: string }[] = await db.query(
        `SELECT count(*) AS n FROM "${schema}".processed_events WHERE consumer_group = $1`,
        [groupId],
      );
      expect(Number(handled[0].n)).toBe(59);
      if (handling === 'per-message') expect(Math.max(...observed.chunkSizes)).toBe(1);
      else expect(Math.max(...observed.chunkSizes)).toBeGreaterThan(1);
      expect(Math.max(...observed.chunkSizes)).toBeLessThanOrEqual(20);
    }, 90_000);
  },
);
