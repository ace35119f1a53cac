import { applyDecorators, UseFilters } from '@nestjs/common';
import { CustomTransportStrategy, EventPattern, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { Envelope } from '../contracts/envelope';
import { deadLetterTopicOf, isTopicName, PayloadOf, TopicName } from '../contracts/topic-catalogue';
import { errorMessage, isTransientError } from '../errors/transient-error';
import { ContextLogger } from '../logging/app-logger';
import { runWithTraceContext } from '../logging/trace-context';
import { withConsumerSpan } from '../telemetry/consumer-span';
import { buildDeadLetter } from './dead-letter-record';
import { decodeEnvelope, headersToStrings } from './envelope-codec';
import { EnvelopeKafkaContext } from './envelope-kafka.context';
import { EventPublisher } from './event-publisher';
import { PipelineEvents } from './pipeline-events';
import { ProcessedEventStore } from './processed-event.store';
import { RethrowRpcExceptionFilter } from './rethrow-rpc-exception.filter';
import { jitteredBackoffMs } from '../scheduling/backoff';

/**
 * Marks a controller method as the handler of a catalogue topic; it receives
 * the validated envelope. Errors reach the transport unchanged, so it can tell
 * a transient failure (retry) from a bad message (dead letter, with the reason).
 */
export const OnEvent = (topic: TopicName): MethodDecorator =>
  applyDecorators(EventPattern(topic), UseFilters(RethrowRpcExceptionFilter));

/** What an `@OnEvent` handler receives. */
export type EventOf<T extends TopicName> = Envelope<PayloadOf<T>>;

export interface EnvelopeKafkaTransportOptions {
  kafka: Kafka;
  groupId: string;
  publisher: EventPublisher;
  processedEvents: ProcessedEventStore;
  events: PipelineEvents;
  logger: ContextLogger;
  /** Start a new consumer group at the earliest offset (read models rebuild by replay). */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  retry?: { initialDelayMs: number; maxDelayMs: number };
  /** Commit at least this often while working through a large batch. */
  commitEveryMessages?: number;
  /** Largest dead-letter message (key, headers and JSON value, in bytes); a longer original value is cut to fit. */
  deadLetterMaxBytes?: number;
  /**
   * For tests only, never set by an app: consume a catalogue topic from a
   * Kafka topic of another name (a test's private copy, so its poison
   * messages reach no other test's consumers); handlers and schemas stay the
   * catalogue topic's, dead letters go to `<kafka topic>.dlq`.
   */
  testOnlyKafkaTopicOf?: Partial<Record<TopicName, string>>;
}

type Status = 'connecting' | 'running' | 'stopped';

/**
 * A Nest microservice transport over kafkajs that speaks Flowpilot envelopes:
 * - every message is checked against the catalogue schema before a handler runs;
 *   a message that fails goes to `<topic>.dlq` with the reason, and consumption goes on;
 * - an event id the group has already handled is skipped (idempotency);
 * - a handler that throws a transient error is retried with backoff, holding the
 *   partition, until it succeeds (dependencies come back); any other error
 *   dead-letters the message with the error as the reason;
 * - offsets are committed only after the work is done (at-least-once).
 */
export class EnvelopeKafkaTransport
  extends Server<Record<string, never>, Status>
  implements CustomTransportStrategy
{
  private consumer: Consumer | null = null;
  private stopping = false;

  constructor(private readonly options: EnvelopeKafkaTransportOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    const topics = this.subscribedTopics();
    if (topics.length === 0) return callback();
    this._status$.next('connecting');
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 500, maxRetryTime: 10_000 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.processBatch(payload),
    });
    this._status$.next('running');
    this.options.logger.info('consuming', { groupId: this.options.groupId, topics });
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = null;
    this._status$.next('stopped');
  }

  on(): never {
    throw new Error('EnvelopeKafkaTransport emits lifecycle events through PipelineEvents');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('EnvelopeKafkaTransport is not listening');
    return this.consumer as T;
  }

  private subscribedTopics(): string[] {
    const patterns = [...this.messageHandlers.keys()];
    const unknown = patterns.filter((p) => !isTopicName(p));
    if (unknown.length > 0)
      throw new Error(`Handlers subscribe to topics missing from the catalogue: ${unknown.join(', ')}`);
    return (patterns as TopicName[]).map((topic) => this.options.testOnlyKafkaTopicOf?.[topic] ?? topic);
  }

  private catalogueTopicOf(kafkaTopic: string): TopicName {
    const aliased = Object.entries(this.options.testOnlyKafkaTopicOf ?? {}).find(
      ([, name]) => name === kafkaTopic,
    );
    return (aliased?.[0] ?? kafkaTopic) as TopicName;
  }

  private async processBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const topic = this.catalogueTopicOf(batch.topic);
    const control: BatchControl = {
      kafkaTopic: batch.topic,
      heartbeat,
      active: () => isRunning() && !isStale() && !this.stopping,
    };
    const decoded = batch.messages.map((message) => ({ message, result: decodeEnvelope(topic, message) }));
    const ids = decoded.flatMap((d) => (d.result.ok ? [d.result.envelope.eventId] : []));
    const done = await this.withRetry(topic, control, () =>
      this.options.processedEvents.alreadyProcessed(this.options.groupId, ids),
    );
    let lastFinished: string | null = null;
    let uncommitted = 0;
    for (const { message, result } of decoded) {
      if (!control.active()) break;
      const started = Date.now();
      let outcome: 'handled' | 'duplicate' | 'dead-lettered';
      if (!result.ok) {
        await this.deadLetter(batch.partition, message, result.reason, result.eventId, control);
        outcome = 'dead-lettered';
      } else if (done.has(result.envelope.eventId)) {
        outcome = 'duplicate';
      } else {
        outcome = await this.handle(topic, batch.partition, message, result.envelope, control);
        done.add(result.envelope.eventId);
      }
      this.options.events.emit('consumed', { topic, outcome, durationMs: Date.now() - started });
      resolveOffset(message.offset);
      lastFinished = message.offset;
      if (++uncommitted >= (this.options.commitEveryMessages ?? 100)) {
        await this.commit(batch.topic, batch.partition, lastFinished);
        uncommitted = 0;
      }
      await heartbeat();
    }
    if (uncommitted > 0 && lastFinished !== null)
      await this.commit(batch.topic, batch.partition, lastFinished);
    this.options.events.emit('lag', { topic, partition: batch.partition, lag: Number(batch.offsetLag()) });
  }

  private async commit(topic: string, partition: number, offset: string): Promise<void> {
    const next = (BigInt(offset) + 1n).toString();
    await this.consumer?.commitOffsets([{ topic, partition, offset: next }]);
  }

  private async handle(
    topic: TopicName,
    partition: number,
    message: KafkaMessage,
    envelope: Envelope<unknown>,
    control: BatchControl,
  ): Promise<'handled' | 'dead-lettered'> {
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`No handler for ${topic}`);
    const headers = headersToStrings(message.headers);
    const context = new EnvelopeKafkaContext([topic, partition, message.offset, headers]);
    const consumed = {
      topic,
      partition,
      offset: message.offset,
      groupId: this.options.groupId,
      eventId: envelope.eventId,
      headers,
      traceparent: envelope.trace.traceparent,
      tracestate: envelope.trace.tracestate,
    };
    return withConsumerSpan(consumed, async () => {
      try {
        await this.withRetry(topic, control, () =>
          runWithTraceContext(envelope.trace, async () => {
            const result = await handler(envelope, context);
            await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          }),
        );
      } catch (error) {
        if (error instanceof PartitionReleased || this.stopping) throw error;
        const reason = `handler failed: ${errorMessage(error)}`;
        await this.deadLetter(partition, message, reason, envelope.eventId, control);
        return 'dead-lettered';
      }
      await this.withRetry(topic, control, () =>
        this.options.processedEvents.remember(this.options.groupId, envelope.eventId, topic),
      );
      return 'handled';
    });
  }

  /**
   * Retries transient failures with capped exponential backoff while this
   * member still owns the partition. When the group takes it back (rebalance,
   * shutdown) the message is left uncommitted for its next owner.
   */
  private async withRetry<T>(topic: string, control: BatchControl, work: () => Promise<T>): Promise<T> {
    const { initialDelayMs, maxDelayMs } = this.options.retry ?? { initialDelayMs: 200, maxDelayMs: 10_000 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isTransientError(error)) throw error;
        if (!control.active()) throw new PartitionReleased(topic, error);
        const delayMs = jitteredBackoffMs(attempt, { baseMs: initialDelayMs, maxMs: maxDelayMs });
        this.options.events.emit('retrying', { topic, attempt, delayMs, reason: errorMessage(error) });
        await sleep(delayMs);
        await control.heartbeat().catch((heartbeatError: unknown) => {
          if (isRebalance(heartbeatError)) throw new PartitionReleased(topic, heartbeatError);
        });
      }
    }
  }

  private async deadLetter(
    partition: number,
    message: KafkaMessage,
    reason: string,
    eventId: string | null,
    control: BatchControl,
  ): Promise<void> {
    const topic = control.kafkaTopic;
    const deadLetter = buildDeadLetter(
      {
        reason,
        sourceTopic: topic,
        partition,
        consumerGroup: this.options.groupId,
        eventId,
        failedAt: new Date(),
      },
      message,
      this.options.deadLetterMaxBytes,
    );
    await this.withRetry(topic, control, () =>
      this.options.publisher.sendRaw(deadLetterTopicOf(topic), [deadLetter.message]),
    );
    // The capped reason and id: the uncapped ones are whatever the failed message's producer put there.
    const { record } = deadLetter;
    this.options.events.emit('deadLettered', { topic, reason: record.reason, eventId: record.eventId });
  }
}

/** What the transport needs of kafkajs' batch while it works through it. */
interface BatchControl {
  /** The Kafka topic the batch came from (the catalogue name unless `testOnlyKafkaTopicOf` renames it). */
  kafkaTopic: string;
  heartbeat: () => Promise<void>;
  /** False once the member no longer owns the batch's partition or is stopping. */
  active: () => boolean;
}

/** Work abandoned because the partition moved to another member: never dead-lettered, redelivered instead. */
class PartitionReleased extends Error {
  constructor(topic: string, cause: unknown) {
    super(`stopped retrying on ${topic}: the partition is no longer ours`, { cause });
    this.name = 'PartitionReleased';
  }
}

function isRebalance(error: unknown): boolean {
  const type = (error as { type?: unknown }).type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
