import { Kafka, logLevel } from 'kafkajs';
import { TOPIC_NAMES } from '@flowpilot/shared';

export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export function testKafka(clientId: string, brokers: string[] = KAFKA_BROKERS): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
}

/**
 * The shared broker holds every earlier run's messages; a new consumer group
 * would replay all of them first. Committing the current ends for the groups
 * makes each service start where this test begins publishing.
 */
export async function startGroupsAtLatest(groupIds: string[]): Promise<void> {
  const kafka = testKafka('fuzz-group-setup');
  const admin = kafka.admin();
  await admin.connect();
  let ends: { topic: string; partitions: { partition: number; offset: string }[] }[];
  try {
    const existing = new Set(await admin.listTopics());
    const topics = TOPIC_NAMES.filter((t) => existing.has(t));
    ends = await Promise.all(
      topics.map(async (topic) => ({
        topic,
        partitions: (await admin.fetchTopicOffsets(topic)).map((p) => ({
          partition: p.partition,
          offset: p.high,
        })),
      })),
    );
  } finally {
    await admin.disconnect();
  }
  await Promise.all(groupIds.map((groupId) => commitEnds(kafka, groupId, ends)));
}

/** Offsets can only be committed by a member of the group: join once, commit every end, leave. */
async function commitEnds(
  kafka: Kafka,
  groupId: string,
  ends: { topic: string; partitions: { partition: number; offset: string }[] }[],
): Promise<void> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: ends.map((e) => e.topic), fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(
      ends.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, ...p }))),
    );
  } finally {
    await consumer.disconnect();
  }
}
