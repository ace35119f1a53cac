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
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = new Map<string, { partition: number; offset: string }[]>();
    try {
      for (const topic of this.topics)
        ends.set(
          topic,
          (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: o.high })),
        );
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({
      groupId: `malformed-dlq-${randomUUID()}`,
      maxBytes: 20 * 1_048_576,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        this.records.push(DeadLetterRecordSchema.parse(JSON.parse(message.value.toString('utf8'))));
      },
    });
    await joined;
    for (const [topic, partitions] of ends)
      for (const p of partitions) consumer.seek({ topic, partition: p.partition, offset: p.offset });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
