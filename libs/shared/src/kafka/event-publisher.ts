import { CompressionTypes, Message, Producer } from 'kafkajs';
import { Envelope, TraceContext } from '../contracts/envelope';
import { parseTopicName, PayloadOf, TopicName, topicDefinition } from '../contracts/topic-catalogue';
import { currentTraceContext } from '../logging/trace-context';
import { encodeEnvelope } from './envelope-codec';
import { newEventId } from './event-id';
import { PipelineEvents } from './pipeline-events';

export interface PublishOptions {
  /** Camunda node the fact is about, where there is one. */
  nodeId?: string | null;
  /** Pass a derived id (see `deriveEventId`) when re-publishing must not create a new event. */
  eventId?: string;
  occurredAt?: Date;
  trace?: TraceContext;
}

export interface PublishItem<T extends TopicName> {
  payload: PayloadOf<T>;
  options?: PublishOptions;
}

/**
 * The typed producer: wraps payloads in envelopes, checks them against the
 * catalogue schema (a payload that fails is a bug in the producer and throws),
 * and sends through an idempotent kafkajs producer with acks from all replicas.
 */
export class EventPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly source: string,
    private readonly events: PipelineEvents,
  ) {}

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
    if (items.length === 0) return [];
    const envelopes = items.map(({ payload, options }) => this.envelope(topic, payload, options ?? {}));
    const messages = envelopes.map((e) => encodeEnvelope(topic, e));
    await this.send(topic, messages, envelopes);
    return envelopes;
  }

  /** For the plumbing only (dead letters): messages that are not envelopes of a catalogue topic. */
  async sendRaw(topic: string, messages: Message[]): Promise<void> {
    await this.send(topic, messages);
  }

  private async send(
    topic: string,
    messages: Message[],
    envelopes?: readonly Envelope<unknown>[],
  ): Promise<void> {
    await this.producer.send({ topic, messages, acks: -1, compression: CompressionTypes.None });
    this.events.emit('produced', { topic, count: messages.length, envelopes });
  }

  private envelope<T extends TopicName>(
    topic: T,
    payload: PayloadOf<T>,
    options: PublishOptions,
  ): Envelope<PayloadOf<T>> {
    const checked = topicDefinition(topic).schema.parse(payload) as PayloadOf<T>;
    const { type, version } = parseTopicName(topic);
    return {
      eventId: options.eventId ?? newEventId(),
      type,
      version,
      occurredAt: (options.occurredAt ?? new Date()).toISOString(),
      source: this.source,
      nodeId: options.nodeId ?? null,
      trace: options.trace ?? currentTraceContext(),
      payload: checked,
    };
  }
}
