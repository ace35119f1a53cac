import { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { z } from 'zod';
import { Envelope, EnvelopeHeaderSchema } from '../contracts/envelope';
import {
  isTopicName,
  parseTopicName,
  PayloadOf,
  TopicName,
  topicDefinition,
} from '../contracts/topic-catalogue';

export const HEADER = {
  eventId: 'flowpilot-event-id',
  eventType: 'flowpilot-event-type',
  source: 'flowpilot-source',
  correlationId: 'flowpilot-correlation-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Turns an envelope into a Kafka message: JSON value, catalogue key, trace headers. */
export function encodeEnvelope<T extends TopicName>(topic: T, envelope: Envelope<PayloadOf<T>>): Message {
  const headers: IHeaders = {
    [HEADER.eventId]: envelope.eventId,
    [HEADER.eventType]: envelope.type,
    [HEADER.source]: envelope.source,
    [HEADER.correlationId]: envelope.trace.correlationId,
  };
  if (envelope.trace.traceparent) headers[HEADER.traceparent] = envelope.trace.traceparent;
  if (envelope.trace.tracestate) headers[HEADER.tracestate] = envelope.trace.tracestate;
  const key = topicDefinition(topic).key(envelope.payload, envelope.nodeId);
  return { key, value: JSON.stringify(envelope), headers };
}

export type Decoded<P> =
  { ok: true; envelope: Envelope<P> } | { ok: false; reason: string; eventId: string | null };

/**
 * Checks a consumed message against the envelope schema and the topic's
 * payload schema before any handler sees it.
 */
export function decodeEnvelope<T extends TopicName>(
  topic: T,
  message: Pick<KafkaMessage, 'value'>,
): Decoded<PayloadOf<T>> {
  if (!isTopicName(topic)) return { ok: false, reason: `unknown topic ${topic}`, eventId: null };
  if (!message.value || message.value.length === 0)
    return { ok: false, reason: 'empty message value', eventId: null };
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${(error as Error).message}`, eventId: null };
  }
  const header = EnvelopeHeaderSchema.safeParse(json);
  const eventId =
    typeof (json as { eventId?: unknown })?.eventId === 'string'
      ? (json as { eventId: string }).eventId
      : null;
  if (!header.success)
    return { ok: false, reason: `invalid envelope: ${formatIssues(header.error)}`, eventId };
  const expected = parseTopicName(topic);
  if (header.data.type !== expected.type || header.data.version !== expected.version) {
    return {
      ok: false,
      reason: `envelope type ${header.data.type} v${header.data.version} does not match topic ${topic}`,
      eventId,
    };
  }
  const payload = topicDefinition(topic).schema.safeParse((json as { payload?: unknown }).payload);
  if (!payload.success)
    return { ok: false, reason: `invalid payload: ${formatIssues(payload.error)}`, eventId };
  return { ok: true, envelope: { ...header.data, payload: payload.data as PayloadOf<T> } };
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
