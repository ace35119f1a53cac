import { applyDecorators, UseFilters } from '@nestjs/common';
import { CustomTransportStrategy, EventPattern, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { Envelope } from '../contracts/envelope';
import { deadLetterTopicOf, isTopicName, PayloadOf, TopicName } from '../contracts/topic-catalogue';
import { errorMessage, isTransientError } from '../errors/transient-error';
import { ContextLogger } from '../logging/app-logger';
import { runWithTraceContext } from '../logging/trace-context';
import {
  ConsumedMessage,
  withChunkSpan,
  withConsumerSpan,
  withMessageSpan,
} from '../telemetry/consumer-span';
import { buildDeadLetter } from './dead-letter-record';
import { decodeEnvelope, headersToStrings } from './envelope-codec';
import { EnvelopeKafkaContext } from './envelope-kafka.context';
import { EventBatch, isBatchHandler } from './event-batch';
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
  /** Commit at least this often while working through a large batch (per-message handlers). */
  commitEveryMessages?: number;
  /**
   * How `@OnEventBatch` handlers are fed: `batched` (default) hands them
   * chunks of up to `batchSize` events in one transaction; `per-message`
   * hands them one event per transaction (the old cost, kept to measure against).
   */
  handling?: EventHandling;
  /** Largest chunk handed to a batch handler in one transaction. */
  batchSize?: number;
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
export type EventHandling = 'batched' | 'per-message';

/** A message of a kafkajs batch that decoded to a valid envelope. */
interface DecodedMessage {
  message: KafkaMessage;
  envelope: Envelope<unknown>;
}

/**
 * A Nest microservice transport over kafkajs that speaks Flowpilot envelopes:
 * - every message is checked against the catalogue schema before a handler runs;
 *   a message that fails goes to `<topic>.dlq` with the reason, and consumption goes on;
 * - an event id the group has already handled is skipped (idempotency): a
 *   batch handler's events are claimed in the same transaction as its writes,
 *   a per-message handler's after its work (its effects are idempotent);
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
    const partitionBatch: PartitionBatch = {
      topic,
      partition: batch.partition,
      decoded: batch.messages.map((message) => ({ message, result: decodeEnvelope(topic, message) })),
      resolveOffset,
      control,
    };
    const handler = this.getHandlerByPattern(topic);
    if (handler && isBatchHandler(handler.extras)) {
      await this.processInChunks(partitionBatch);
    } else {
      await this.processOneByOne(partitionBatch);
    }
    this.options.events.emit('lag', { topic, partition: batch.partition, lag: Number(batch.offsetLag()) });
  }

  /**
   * Batch handlers: valid envelopes are cut into chunks; each chunk is one
   * transaction (claims + the handler's writes), then its offsets are
   * committed. A message that fails decoding is dead-lettered alone where it
   * stands and the chunk goes on without it.
   */
  private async processInChunks(partitionBatch: PartitionBatch): Promise<void> {
    const { topic, partition, decoded, resolveOffset, control } = partitionBatch;
    const size = this.options.handling === 'per-message' ? 1 : (this.options.batchSize ?? 500);
    let chunk: DecodedMessage[] = [];
    let lastOffset: string | null = null;
    const finishChunk = async (): Promise<void> => {
      if (chunk.length > 0) await this.handleChunk(topic, partition, chunk, control);
      chunk = [];
      if (lastOffset === null) return;
      resolveOffset(lastOffset);
      await this.commit(control.kafkaTopic, partition, lastOffset);
      await control.heartbeat();
    };
    for (const { message, result } of decoded) {
      if (!control.active()) return;
      if (result.ok) {
        chunk.push({ message, envelope: result.envelope });
      } else {
        const started = Date.now();
        await this.deadLetter(partition, message, result.reason, result.eventId, control);
        this.options.events.emit('consumed', {
          topic,
          outcome: 'dead-lettered',
          durationMs: Date.now() - started,
        });
      }
      lastOffset = message.offset;
      if (chunk.length >= size) await finishChunk();
    }
    if (control.active()) await finishChunk();
  }

  /**
   * One chunk in one transaction. When the handler fails for a reason that is
   * not transient, the chunk is taken apart and each event handled alone, so
   * only the poison message is dead-lettered and its neighbours are kept.
   */
  private async handleChunk(
    topic: TopicName,
    partition: number,
    chunk: DecodedMessage[],
    control: BatchControl,
  ): Promise<void> {
    const started = Date.now();
    const byId = new Map<string, DecodedMessage>();
    for (const item of chunk) if (!byId.has(item.envelope.eventId)) byId.set(item.envelope.eventId, item);
    const afterCommit: (() => void)[] = [];
    let handled = 0;
    const span = {
      topic,
      partition,
      groupId: this.options.groupId,
      firstOffset: chunk[0].message.offset,
      lastOffset: chunk[chunk.length - 1].message.offset,
      size: chunk.length,
    };
    try {
      await withChunkSpan(span, () =>
        this.withRetry(topic, control, () => {
          afterCommit.length = 0;
          return this.options.processedEvents.claimInTransaction(
            this.options.groupId,
            topic,
            [...byId.keys()],
            async (claimed, tx) => {
              const fresh = [...byId.values()].filter((item) => claimed.has(item.envelope.eventId));
              handled = fresh.length;
              if (fresh.length > 0) await this.runBatchHandler(topic, partition, fresh, tx, afterCommit);
            },
          );
        }),
      );
    } catch (error) {
      if (error instanceof PartitionReleased || this.stopping) throw error;
      if (chunk.length > 1) {
        for (const item of chunk) await this.handleChunk(topic, partition, [item], control);
        return;
      }
      const [{ message, envelope }] = chunk;
      await this.deadLetter(
        partition,
        message,
        `handler failed: ${errorMessage(error)}`,
        envelope.eventId,
        control,
      );
      this.options.events.emit('consumed', {
        topic,
        outcome: 'dead-lettered',
        durationMs: Date.now() - started,
      });
      return;
    }
    for (const effect of afterCommit) effect();
    const durationMs = Date.now() - started;
    if (handled > 0)
      this.options.events.emit('consumed', { topic, outcome: 'handled', durationMs, count: handled });
    if (chunk.length > handled)
      this.options.events.emit('consumed', {
        topic,
        outcome: 'duplicate',
        durationMs,
        count: chunk.length - handled,
      });
  }

  private async runBatchHandler(
    topic: TopicName,
    partition: number,
    fresh: DecodedMessage[],
    tx: EventBatch<TopicName>['tx'],
    afterCommit: (() => void)[],
  ): Promise<void> {
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`No handler for ${topic}`);
    const messageOf = new Map(fresh.map((item) => [item.envelope.eventId, item.message]));
    const batch: EventBatch<TopicName> = {
      topic,
      events: fresh.map((item) => item.envelope) as EventBatch<TopicName>['events'],
      tx,
      afterCommit: (effect) => afterCommit.push(effect),
      eachTraced: async (work) => {
        const results = [];
        for (const envelope of batch.events) {
          const message = messageOf.get(envelope.eventId) as KafkaMessage;
          const consumed = this.consumedMessageOf(topic, partition, message, envelope);
          results.push(
            await withMessageSpan(consumed, () => runWithTraceContext(envelope.trace, () => work(envelope))),
          );
        }
        return results;
      },
    };
    const first = fresh[0].message;
    const context = new EnvelopeKafkaContext([
      topic,
      partition,
      first.offset,
      headersToStrings(first.headers),
    ]);
    const result = await handler(batch, context);
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  /** Per-message handlers: each valid envelope its own handler call, in order. */
  private async processOneByOne(partitionBatch: PartitionBatch): Promise<void> {
    const { topic, partition, decoded, resolveOffset, control } = partitionBatch;
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
        await this.deadLetter(partition, message, result.reason, result.eventId, control);
        outcome = 'dead-lettered';
      } else if (done.has(result.envelope.eventId)) {
        outcome = 'duplicate';
      } else {
        outcome = await this.handle(topic, partition, message, result.envelope, control);
        done.add(result.envelope.eventId);
      }
      this.options.events.emit('consumed', { topic, outcome, durationMs: Date.now() - started });
      resolveOffset(message.offset);
      lastFinished = message.offset;
      if (++uncommitted >= (this.options.commitEveryMessages ?? 100)) {
        await this.commit(control.kafkaTopic, partition, lastFinished);
        uncommitted = 0;
      }
      await control.heartbeat();
    }
    if (uncommitted > 0 && lastFinished !== null)
      await this.commit(control.kafkaTopic, partition, lastFinished);
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
    const consumed = this.consumedMessageOf(topic, partition, message, envelope);
    const context = new EnvelopeKafkaContext([topic, partition, message.offset, consumed.headers]);
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

  /** One message as its CONSUMER span sees it: where it was read and the trace it carries. */
  private consumedMessageOf(
    topic: TopicName,
    partition: number,
    message: KafkaMessage,
    envelope: Envelope<unknown>,
  ): ConsumedMessage {
    return {
      topic,
      partition,
      offset: message.offset,
      groupId: this.options.groupId,
      eventId: envelope.eventId,
      headers: headersToStrings(message.headers),
      traceparent: envelope.trace.traceparent,
      tracestate: envelope.trace.tracestate,
    };
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

/** One partition's share of a kafkajs batch, decoded, with what the transport needs to work through it. */
interface PartitionBatch {
  topic: TopicName;
  partition: number;
  decoded: { message: KafkaMessage; result: ReturnType<typeof decodeEnvelope> }[];
  resolveOffset: (offset: string) => void;
  control: BatchControl;
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
