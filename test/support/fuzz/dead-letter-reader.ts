import { randomUUID } from 'node:crypto';
import { Consumer, Kafka } from 'kafkajs';
import { DeadLetterRecord, DeadLetterRecordSchema } from '@flowpilot/shared';

/**
 * Collects the dead-letter records written after `start()` to the given
 * `.dlq` topics (a throw-away group, positioned at the current ends).
 */
export class DeadLetterReader {
  readonly records: DeadLetterRecord[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(): Promise<void> {
    const groupId = `malformed-dlq-${randomUUID()}`;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // The group starts at the current ends (committed before it has a member), so the dead letters of
      // earlier runs are never delivered: consuming them first could take long, and they are not ours.
      for (const topic of this.topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          groupId,
          topic,
          partitions: ends.map((o) => ({ partition: o.partition, offset: o.high })),
        });
      }
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({ groupId, maxBytes: 20 * 1_048_576 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        // A record that is not a dead letter of this contract (another writer's, an older shape) is skipped:
        // throwing here would make kafkajs deliver it again for ever.
        const record = message.value ? DeadLetterRecordSchema.safeParse(parseJson(message.value)) : null;
        if (record?.success) this.records.push(record.data);
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function parseJson(value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
