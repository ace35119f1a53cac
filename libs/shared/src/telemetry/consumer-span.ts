import {
  Context,
  context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const tracer = trace.getTracer('@flowpilot/shared/kafka');

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  eventId: string;
  /** The message's headers; the producer's instrumentation puts its span's `traceparent` here. */
  headers: Record<string, string>;
  /** The envelope's trace context, for messages written without trace headers. */
  traceparent?: string;
  tracestate?: string;
}

/** Outcome the work reports, recorded on the span. */
export type ConsumeOutcome = 'handled' | 'dead-lettered';

/**
 * Runs the handling of one consumed message inside a CONSUMER span whose
 * parent is the producer's trace context, so a trace continues across Kafka
 * (kafkajs' own instrumentation starts a new trace per fetched batch and only
 * links to the producer). Whatever the handler publishes carries this span's
 * context onward. With no SDK running the span is a no-op that still carries
 * the parent's context.
 */
export async function withConsumerSpan(
  message: ConsumedMessage,
  work: () => Promise<ConsumeOutcome>,
): Promise<ConsumeOutcome> {
  return withMessageSpan(message, async (span) => {
    const outcome = await work();
    span.setAttribute('flowpilot.consume.outcome', outcome);
    if (outcome === 'dead-lettered') span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
    return outcome;
  });
}

/** The CONSUMER span of one message around any work (also one event's share of a batch). */
export async function withMessageSpan<T>(
  message: ConsumedMessage,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = parentContext(message);
  const span = tracer.startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': message.offset,
        'messaging.consumer.group.name': message.groupId,
        'messaging.message.id': message.eventId,
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export interface ConsumedChunk {
  topic: string;
  partition: number;
  groupId: string;
  firstOffset: string;
  lastOffset: string;
  size: number;
}

/**
 * One CONSUMER span for a chunk handled in one transaction. It starts a trace
 * of its own: a chunk has many producers, and events whose handling reaches
 * further (an outbox row, a publish) get their own span through `EventBatch.eachTraced`.
 */
export async function withChunkSpan<T>(chunk: ConsumedChunk, work: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(`process ${chunk.topic} batch`, {
    kind: SpanKind.CONSUMER,
    root: true,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': chunk.topic,
      'messaging.destination.partition.id': String(chunk.partition),
      'messaging.consumer.group.name': chunk.groupId,
      'messaging.batch.message_count': chunk.size,
      'messaging.kafka.offset': chunk.firstOffset,
      'flowpilot.batch.last_offset': chunk.lastOffset,
    },
  });
  return context.with(trace.setSpan(ROOT_CONTEXT, span), async () => {
    try {
      return await work();
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

function parentContext(message: ConsumedMessage): Context {
  const carrier: Record<string, string> = {};
  const traceparent = message.headers.traceparent ?? message.traceparent;
  if (traceparent) carrier.traceparent = traceparent;
  const tracestate = message.headers.traceparent ? message.headers.tracestate : message.tracestate;
  if (tracestate) carrier.tracestate = tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

function recordFailure(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
