import { KafkaMessage } from 'kafkajs';
import { DeadLetterRecord } from '../contracts/dead-letter.contract';
import {
  boundHeaders,
  boundNullableText,
  boundText,
  DEAD_LETTER_MAX_EVENT_ID_CHARS,
  DEAD_LETTER_MAX_KEY_CHARS,
  DEAD_LETTER_MAX_REASON_CHARS,
} from './dead-letter-bounds';

/** Well under the broker's default `message.max.bytes` (1 MiB), leaving room for batch overhead. */
export const DEFAULT_DEAD_LETTER_MAX_BYTES = 256 * 1024;

export const DEAD_LETTER_HEADER = {
  reason: 'flowpilot-dlq-reason',
  sourceTopic: 'flowpilot-dlq-source-topic',
} as const;

export interface DeadLetterSource {
  reason: string;
  sourceTopic: string;
  partition: number;
  consumerGroup: string;
  eventId: string | null;
  failedAt: Date;
}

/** The Kafka message for `<topic>.dlq` and the record its value holds. */
export interface DeadLetter {
  message: { key: Buffer | string | null; value: string; headers: Record<string, string> };
  record: DeadLetterRecord;
}

type OriginalValue = Pick<
  DeadLetterRecord,
  'originalValue' | 'originalValueBase64' | 'originalTruncated' | 'originalSizeBytes'
>;
type RecordFields = Omit<DeadLetterRecord, keyof OriginalValue>;
type FailedMessage = Pick<KafkaMessage, 'key' | 'value' | 'offset' | 'headers'>;

/**
 * Builds the dead letter of a failed message so that the whole Kafka message
 * (key, headers and JSON value) is at most `maxBytes`; a message the broker
 * refuses as too large would be retried forever and stall the partition.
 * The fields the failed message's producer controls are capped first (see
 * `dead-letter-bounds.ts`); the original value is then cut to the longest
 * prefix that fits. If even the capped fields do not fit (say, hundreds of
 * large headers), the headers are left out; as a last resort only the reason,
 * origin and sizes are sent. JSON escaping (`"` `\` and control characters grow
 * up to six-fold) and base64 (+33 %) are why the budget is measured on the
 * encoded form, not on the raw bytes.
 */
export function buildDeadLetter(
  source: DeadLetterSource,
  message: FailedMessage,
  maxBytes: number = DEFAULT_DEAD_LETTER_MAX_BYTES,
): DeadLetter {
  const reason = boundText(source.reason, DEAD_LETTER_MAX_REASON_CHARS);
  const eventId = boundNullableText(source.eventId, DEAD_LETTER_MAX_EVENT_ID_CHARS);
  const key = boundNullableText(message.key?.toString('utf8') ?? null, DEAD_LETTER_MAX_KEY_CHARS);
  const headers = boundHeaders(message.headers);
  const dlqHeaders = {
    [DEAD_LETTER_HEADER.reason]: reason.value,
    [DEAD_LETTER_HEADER.sourceTopic]: source.sourceTopic,
  };
  // The original key bytes keep related dead letters on one partition, in order; a cut key is the best we can do.
  const dlqKey = key.truncated ? key.value : (message.key ?? null);
  const origin = {
    reason: reason.value,
    reasonTruncated: reason.truncated,
    sourceTopic: source.sourceTopic,
    partition: source.partition,
    offset: message.offset,
    consumerGroup: source.consumerGroup,
    failedAt: source.failedAt.toISOString(),
    originalKeySizeBytes: message.key?.length ?? null,
  };
  const detailed: RecordFields = {
    ...origin,
    eventId: eventId.value,
    eventIdTruncated: eventId.truncated,
    originalKey: key.value,
    originalKeyTruncated: key.truncated,
    originalHeaders: headers.value,
    originalHeadersTruncated: headers.truncated,
    detailsOmitted: false,
  };
  const withoutHeaders: RecordFields = { ...detailed, originalHeaders: {}, originalHeadersTruncated: true };
  const shapes: [RecordFields, Buffer | string | null][] = [[detailed, dlqKey]];
  if (Object.keys(headers.value).length > 0) shapes.push([withoutHeaders, dlqKey]);
  for (const [fields, kafkaKey] of shapes) {
    const room = maxBytes - kafkaKeyAndHeaderBytes(kafkaKey, dlqHeaders);
    const fitted = withValueWithin(fields, message.value, room);
    if (fitted)
      return {
        message: { key: kafkaKey, value: JSON.stringify(fitted), headers: dlqHeaders },
        record: fitted,
      };
  }
  const minimal = minimalRecord(origin, source.eventId, message, Object.keys(headers.value).length > 0);
  return { message: { key: null, value: JSON.stringify(minimal), headers: dlqHeaders }, record: minimal };
}

/** The last resort: what failed, where, and how big it was; a few kB whatever the message held. */
function minimalRecord(
  origin: Pick<
    DeadLetterRecord,
    | 'reason'
    | 'reasonTruncated'
    | 'sourceTopic'
    | 'partition'
    | 'offset'
    | 'consumerGroup'
    | 'failedAt'
    | 'originalKeySizeBytes'
  >,
  eventId: string | null,
  message: FailedMessage,
  hadHeaders: boolean,
): DeadLetterRecord {
  return {
    ...origin,
    eventId: null,
    eventIdTruncated: eventId !== null,
    originalKey: null,
    originalKeyTruncated: message.key !== null && message.key !== undefined,
    originalValue: null,
    originalValueBase64: null,
    originalTruncated: message.value !== null,
    originalSizeBytes: message.value?.length ?? null,
    originalHeaders: {},
    originalHeadersTruncated: hadHeaders,
    detailsOmitted: true,
  };
}

/** The bytes a Kafka message's key and headers take besides its value. */
function kafkaKeyAndHeaderBytes(key: Buffer | string | null, headers: Record<string, string>): number {
  const keyBytes = key === null ? 0 : typeof key === 'string' ? Buffer.byteLength(key) : key.length;
  return Object.entries(headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    keyBytes,
  );
}

/**
 * The record with the original value whole when its JSON fits in `room`
 * bytes, else with the longest prefix that does; null when not even an empty
 * prefix fits beside the other fields.
 */
function withValueWithin(fields: RecordFields, value: Buffer | null, room: number): DeadLetterRecord | null {
  const whole = originalValueOf(value);
  const wholeRecord = { ...fields, ...whole };
  if (Buffer.byteLength(JSON.stringify(wholeRecord)) <= room) return wholeRecord;
  if (!value) return null;

  // The placeholder's empty string costs two bytes ("") that the prefix's quotes reuse.
  const empty: OriginalValue = { ...whole, originalTruncated: true };
  const isText = whole.originalValue !== null;
  if (isText) empty.originalValue = '';
  else empty.originalValueBase64 = '';
  const budget = room - Buffer.byteLength(JSON.stringify({ ...fields, ...empty }));
  if (budget < 0) return null;
  const truncated = isText
    ? { ...empty, originalValue: textPrefixWithin(whole.originalValue ?? '', budget) }
    : { ...empty, originalValueBase64: value.subarray(0, Math.floor(budget / 4) * 3).toString('base64') };
  return { ...fields, ...truncated };
}

/** The value as text when UTF-8 reads it back byte for byte, else as base64: a dead letter keeps the exact bytes. */
function originalValueOf(value: Buffer | null): OriginalValue {
  if (!value)
    return {
      originalValue: null,
      originalValueBase64: null,
      originalTruncated: false,
      originalSizeBytes: null,
    };
  const text = value.toString('utf8');
  const exact = Buffer.byteLength(text) === value.length && Buffer.from(text, 'utf8').equals(value);
  return {
    originalValue: exact ? text : null,
    originalValueBase64: exact ? null : value.toString('base64'),
    originalTruncated: false,
    originalSizeBytes: value.length,
  };
}

/**
 * The longest prefix of `text` whose JSON string body (without the quotes) is
 * at most `budget` UTF-8 bytes; never splits a surrogate pair.
 */
function textPrefixWithin(text: string, budget: number): string {
  let used = 0;
  let end = 0;
  while (end < text.length) {
    const code = text.codePointAt(end) ?? 0;
    const cost = jsonEscapedBytes(code);
    if (used + cost > budget) break;
    used += cost;
    end += code > 0xffff ? 2 : 1;
  }
  return text.slice(0, end);
}

/** UTF-8 bytes `JSON.stringify` writes for one code point inside a string. */
function jsonEscapedBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2; // \" and \\
  if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return 2; // \b \t \n \f \r
  if (code < 0x20) return 6; // \u00XX
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate is written as \uDXXX
  if (code < 0x10000) return 3;
  return 4;
}
