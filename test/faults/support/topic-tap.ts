import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { decodeEnvelope, Envelope, PayloadOf, TopicName } from '@flowpilot/shared';
import { faultKafkaBrokers } from './private-stack';

/** A live consumer of one topic of the private Kafka (from its current end), for reacting within milliseconds. */
export class TopicTap<T extends TopicName> {
  readonly seen: Envelope<PayloadOf<T>>[] = [];
  private consumer: Consumer | null = null;

  constructor(private readonly topic: T) {}

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: 'faults-tap',
      brokers: [faultKafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
    this.consumer = kafka.consumer({ groupId: `faults-tap-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    let joined: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => joined());
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const decoded = decodeEnvelope(this.topic, message);
        if (decoded.ok) this.seen.push(decoded.envelope);
      },
    });
    await ready;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}
