import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Envelope } from '../contracts/envelope';
import type { PayloadOf, TopicName } from '../contracts/topic-catalogue';
import { decodeEnvelope } from '../kafka/envelope-codec';

/** One record of a topic: its envelope as the catalogue decodes it (null when it does not), and when Kafka took it. */
export interface TopicRecord<T extends TopicName> {
  envelope: Envelope<PayloadOf<T>> | null;
  /** The record's timestamp (epoch ms): the producer's send time. */
  timestamp: number;
}

/**
 * Reads a whole topic from the beginning to the end it has when the read starts, with a throw-away
 * consumer group, for tests and benchmarks that check what was published. A fresh reader per check
 * survives broker restarts that a long-lived consumer would have to ride out.
 */
export async function readWholeTopic<T extends TopicName>(
  brokers: string,
  topic: T,
  { timeoutMs = 30_000, clientId = 'flowpilot-topic-reader' } = {},
): Promise<TopicRecord<T>[]> {
  const kafka = new Kafka({ clientId, brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]),
  );
  const records: TopicRecord<T>[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `${clientId}-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`reading ${topic} took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const decoded = decodeEnvelope(topic, message);
            records.push({
              envelope: decoded.ok ? decoded.envelope : null,
              timestamp: Number(message.timestamp),
            });
            const end = remaining.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              done();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          fail(error);
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
