import { Envelope, PayloadOf, TopicName } from '@flowpilot/shared';
import { readWholeTopic } from '@flowpilot/shared/testing';
import { faultKafkaBrokers } from './private-stack';

/** Every envelope on a topic of the private Kafka, from the beginning to its current end. */
export async function readTopic<T extends TopicName>(
  topic: T,
  timeoutMs = 30_000,
): Promise<Envelope<PayloadOf<T>>[]> {
  const records = await readWholeTopic(faultKafkaBrokers, topic, { timeoutMs, clientId: 'faults-reader' });
  return records.flatMap(({ envelope }) => (envelope ? [envelope] : []));
}

/** Distinct event ids, and how many ids were published more than once (at-least-once duplicates). */
export function eventIdStats(envelopes: Envelope<unknown>[]): { distinct: number; repeated: number } {
  const counts = new Map<string, number>();
  for (const envelope of envelopes) counts.set(envelope.eventId, (counts.get(envelope.eventId) ?? 0) + 1);
  return { distinct: counts.size, repeated: [...counts.values()].filter((n) => n > 1).length };
}
