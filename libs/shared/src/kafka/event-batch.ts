import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Envelope } from '../contracts/envelope';
import { PayloadOf, TopicName } from '../contracts/topic-catalogue';
import { Queryable } from '../database/queryable';
import { RethrowRpcExceptionFilter } from './rethrow-rpc-exception.filter';

/**
 * What an `@OnEventBatch` handler receives: the envelopes of one chunk that
 * this consumer group has not handled before, in partition order, and the
 * open transaction in which the transport has just claimed their event ids.
 * The handler writes through `tx` only; the transport commits the claims and
 * the writes together, then the Kafka offsets.
 */
export interface EventBatch<T extends TopicName> {
  readonly topic: T;
  readonly events: readonly Envelope<PayloadOf<T>>[];
  readonly tx: Queryable;
  /**
   * Runs `work` for each event in turn inside the event's own consumer span
   * and trace context, so what it stores or sends (an outbox row, a published
   * judgement) continues the event's trace. Folding handlers skip it.
   */
  eachTraced<R>(work: (event: Envelope<PayloadOf<T>>) => Promise<R>): Promise<R[]>;
  /** Runs `effect` once the transaction has committed (metrics, in-process notifications); never on rollback. */
  afterCommit(effect: () => void): void;
}

/** Handler metadata that tells the transport a method takes batches. */
export const BATCH_HANDLER_EXTRAS = { flowpilotBatch: true } as const;

export function isBatchHandler(extras: Record<string, unknown> | undefined): boolean {
  return extras?.flowpilotBatch === true;
}

/**
 * Marks a controller method as the batch handler of a catalogue topic. Use it
 * for consumers whose effects are writes to their own database: a batch is
 * one transaction, so folding it per key turns thousands of statements into a
 * handful. Consumers that call outside systems (an LLM, Camunda, an HTTP
 * receiver) keep `@OnEvent`, one message at a time with idempotent effects.
 */
export const OnEventBatch = (topic: TopicName): MethodDecorator =>
  applyDecorators(EventPattern(topic, BATCH_HANDLER_EXTRAS), UseFilters(RethrowRpcExceptionFilter));
