import { randomUUID } from 'node:crypto';
import { decodeEnvelope, encodeEnvelope, Envelope, parseTopicName, TopicName } from '@flowpilot/shared';
import { freshPayload } from './fresh-payloads';

export interface ValidMessage {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer | string>;
  envelope: Envelope<unknown>;
}

/**
 * A valid event for each topic, about a node no other test uses. Each is
 * checked with the consumers' own decoder first, so a contract change shows up
 * here as a clear error rather than as a "valid" event that was dead-lettered.
 */
export function validMessages(topics: TopicName[], nodeId: string): Map<TopicName, ValidMessage> {
  return new Map(topics.map((topic) => [topic, validMessage(topic, nodeId)]));
}

function validMessage(topic: TopicName, nodeId: string): ValidMessage {
  const payload = freshPayload(topic, nodeId);
  if (payload === undefined) throw new Error(`${topic}: the malformed-input sweep has no valid event for it`);
  const { type, version } = parseTopicName(topic);
  const envelope: Envelope<unknown> = {
    eventId: randomUUID(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    source: 'malformed-kafka-test',
    nodeId,
    trace: { correlationId: randomUUID() },
    payload,
  };
  const message = encodeEnvelope(topic, envelope as never);
  const value = Buffer.from(message.value as string);
  const decoded = decodeEnvelope(topic, { value });
  if (!decoded.ok) throw new Error(`${topic}: the sweep's valid event does not decode: ${decoded.reason}`);
  return {
    key: message.key ? Buffer.from(message.key) : null,
    value,
    headers: (message.headers ?? {}) as Record<string, string>,
    envelope,
  };
}
