import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from './wait-for';

/**
 * Waits until consumer groups have committed up to the end of their topics.
 * A new group replays a topic from the beginning; tests that measure latency
 * start the clock only after the replay is over.
 */
export async function waitForConsumersCaughtUp(
  subscriptions: Record<string, string[]>,
  timeoutMs = 120_000,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'test-lag-probe',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      `consumer groups to catch up: ${JSON.stringify(subscriptions)}`,
      async () => {
        for (const [groupId, topics] of Object.entries(subscriptions)) {
          for (const topic of topics) {
            const ends = await admin.fetchTopicOffsets(topic);
            const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
            for (const end of ends) {
              const partition = committed.partitions.find((p) => p.partition === end.partition);
              const position =
                partition && partition.offset !== '-1' ? BigInt(partition.offset) : BigInt(end.low);
              if (position < BigInt(end.high)) return false;
            }
          }
        }
        return true;
      },
      { timeoutMs, intervalMs: 500 },
    );
  } finally {
    await admin.disconnect();
  }
}
