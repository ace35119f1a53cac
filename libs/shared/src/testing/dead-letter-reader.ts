import type { Consumer, Kafka } from 'kafkajs';
import { DeadLetterRecord, DeadLetterRecordSchema } from '../contracts/dead-letter.contract';
import { deadLetterTopicOf } from '../contracts/topic-catalogue';

export interface DeadLetterReaderOptions {
  /** The Kafka topic whose dead letters to read (its `.dlq` topic is subscribed). */
  topic: string;
  /** The reader's own consumer group. */
  readerGroupId: string;
  /** Keep only what this consumer group dead-lettered; all records when left out. */
  consumerGroup?: string;
  fromBeginning?: boolean;
}

/** Collects the dead-letter records of one topic off the real broker, parsed, in arrival order. */
export class DeadLetterReader {
  readonly records: DeadLetterRecord[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly options: DeadLetterReaderOptions,
  ) {
    this.consumer = kafka.consumer({ groupId: options.readerGroupId });
  }

  async start(): Promise<void> {
    const { topic, consumerGroup, fromBeginning = false } = this.options;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: deadLetterTopicOf(topic), fromBeginning });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const record = DeadLetterRecordSchema.parse(JSON.parse(message.value?.toString('utf8') ?? 'null'));
        if (consumerGroup === undefined || record.consumerGroup === consumerGroup) this.records.push(record);
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
