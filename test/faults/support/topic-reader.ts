import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope, Envelope, PayloadOf, TopicName } from '@flowpilot/shared';
import { faultKafkaBrokers } from './private-stack';

/**
 * Reads a whole topic of the private Kafka from the beginning to its current
 * end, with a throw-away consumer group. A fresh reader per check survives
 * broker restarts that a long-lived consumer would have to ride out.
 */
export async function readTopic<T extends TopicName>(
  topic: T,
  timeoutMs = 30_000,
): Promise<Envelope<PayloadOf<T>>[]> {
  const kafka = new Kafka({
    clientId: 'faults-reader',
    brokers: [faultKafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]),
  );
  const envelopes: Envelope<PayloadOf<T>>[] = [];
  if (remaining.size === 0) return envelopes;
  const consumer = kafka.consumer({ groupId: `faults-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolveRead, rejectRead) => {
      const timer = setTimeout(
        () => rejectRead(new Error(`reading ${topic} took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const decoded = decodeEnvelope(topic, message);
            if (decoded.ok) envelopes.push(decoded.envelope);
            const end = remaining.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolveRead();
            }
          },
        })
        .catch(rejectRead);
    });
  } finally {
    await consumer.disconnect();
  }
  return envelopes;
}

/** Distinct event ids, and how many ids were published more than once (at-least-once duplicates). */
export function eventIdStats(envelopes: Envelope<unknown>[]): { distinct: number; repeated: number } {
  const counts = new Map<string, number>();
  for (const envelope of envelopes) counts.set(envelope.eventId, (counts.get(envelope.eventId) ?? 0) + 1);
  return { distinct: counts.size, repeated: [...counts.values()].filter((n) => n > 1).length };
}
