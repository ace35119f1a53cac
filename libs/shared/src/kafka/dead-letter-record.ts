import { KafkaMessage } from 'kafkajs';
import { DeadLetterRecord } from '../contracts/dead-letter.contract';
import { headersToStrings } from './envelope-codec';

/** Well under the broker's default `message.max.bytes` (1 MiB), leaving room for headers and batch overhead. */
export const DEFAULT_DEAD_LETTER_MAX_BYTES = 256 * 1024;

export interface DeadLetterSource {
  reason: string;
  sourceTopic: string;
  partition: number;
  consumerGroup: string;
  eventId: string | null;
  failedAt: Date;
}

type OriginalValue = Pick<
  DeadLetterRecord,
  'originalValue' | 'originalValueBase64' | 'originalTruncated' | 'originalSizeBytes'
>;

/**
 * Encodes the dead-letter record of a failed message so that its JSON is at
 * most `maxBytes`: everything but the original value is kept as is, and the
 * value is cut to the longest prefix that fits. JSON escaping (`"` `\` and
 * control characters grow up to six-fold) and base64 (+33 %) are why the
 * budget is measured on the encoded form, not on the raw bytes.
 */
export function encodeDeadLetterRecord(
  source: DeadLetterSource,
  message: Pick<KafkaMessage, 'key' | 'value' | 'offset' | 'headers'>,
  maxBytes: number = DEFAULT_DEAD_LETTER_MAX_BYTES,
): string {
  const withValue = (original: OriginalValue): DeadLetterRecord => ({
    reason: source.reason,
    sourceTopic: source.sourceTopic,
    partition: source.partition,
    offset: message.offset,
    consumerGroup: source.consumerGroup,
    failedAt: source.failedAt.toISOString(),
    eventId: source.eventId,
    originalKey: message.key?.toString('utf8') ?? null,
    ...original,
    originalHeaders: headersToStrings(message.headers),
  });
  const value = message.value;
  const whole = originalValueOf(value);
  const encoded = JSON.stringify(withValue(whole));
  if (!value || Buffer.byteLength(encoded) <= maxBytes) return encoded;

  // The placeholder's empty string costs two bytes ("") that the prefix's quotes reuse.
  const empty: OriginalValue = { ...whole, originalTruncated: true };
  const isText = whole.originalValue !== null;
  if (isText) empty.originalValue = '';
  else empty.originalValueBase64 = '';
  const budget = Math.max(0, maxBytes - Buffer.byteLength(JSON.stringify(withValue(empty))));
  const truncated = isText
    ? { ...empty, originalValue: textPrefixWithin(whole.originalValue ?? '', budget) }
    : { ...empty, originalValueBase64: value.subarray(0, Math.floor(budget / 4) * 3).toString('base64') };
  return JSON.stringify(withValue(truncated));
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
