import type { EventPublisher, PublishItem, PublishOptions } from '../kafka/event-publisher';
import type { Envelope } from '../contracts/envelope';
import { PayloadOf, TopicName } from '../contracts/topic-catalogue';
import { envelopeOf } from './event-batch.fixture';

/** What a test can see of one published event. */
export interface PublishedEvent<T extends TopicName = TopicName> {
  topic: T;
  payload: PayloadOf<T>;
  eventId: string;
  nodeId: string | null;
  envelope: Envelope<PayloadOf<T>>;
}

/**
 * The publisher for unit tests: keeps every event in order instead of sending it, and answers with the
 * envelopes a real publisher would return. `failWith` makes the next sends reject, as a broker outage does.
 */
export class RecordingPublisher implements Pick<EventPublisher, 'publish' | 'publishMany'> {
  readonly published: PublishedEvent[] = [];
  /** The size of each `publishMany` call, for tests about batching. */
  readonly batchSizes: number[] = [];
  private failure: Error | null = null;

  async publish<T extends TopicName>(
    topic: T,
    payload: PayloadOf<T>,
    options: PublishOptions = {},
  ): Promise<Envelope<PayloadOf<T>>> {
    const [envelope] = await this.publishMany(topic, [{ payload, options }]);
    return envelope;
  }

  async publishMany<T extends TopicName>(
    topic: T,
    items: PublishItem<T>[],
  ): Promise<Envelope<PayloadOf<T>>[]> {
    if (this.failure) throw this.failure;
    this.batchSizes.push(items.length);
    return items.map(({ payload, options = {} }) => {
      const envelope = envelopeOf(topic, payload, {
        ...(options.eventId ? { eventId: options.eventId } : {}),
        nodeId: options.nodeId ?? null,
        ...(options.occurredAt ? { occurredAt: options.occurredAt.toISOString() } : {}),
      });
      this.published.push({
        topic,
        payload,
        eventId: envelope.eventId,
        nodeId: envelope.nodeId ?? null,
        envelope,
      });
      return envelope;
    });
  }

  /** The payloads published to `topic`, typed by the catalogue. */
  payloadsOf<T extends TopicName>(topic: T): PayloadOf<T>[] {
    return this.eventsOf(topic).map((event) => event.payload);
  }

  eventsOf<T extends TopicName>(topic: T): PublishedEvent<T>[] {
    return this.published.filter((event): event is PublishedEvent<T> => event.topic === topic);
  }

  /** Until `recover()`, every send rejects with `error`. */
  failWith(error: Error): void {
    this.failure = error;
  }

  recover(): void {
    this.failure = null;
  }

  clear(): void {
    this.published.length = 0;
    this.batchSizes.length = 0;
  }
}
