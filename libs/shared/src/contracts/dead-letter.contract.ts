import { z } from 'zod';

/**
 * What a dead-letter topic holds: why the message failed, where it came from,
 * and its original value — whole when it fits, else its first bytes (a dead
 * letter must stay under the broker's message size limit, or the DLQ send
 * fails and the partition stalls). For the same reason the reason, event id,
 * key and headers are capped; a `…Truncated` flag says what was cut. The
 * flags and sizes are defaulted, so records written before they existed parse.
 */
export const DeadLetterRecordSchema = z.object({
  reason: z.string(),
  /** True when the reason was cut (to 1,000 characters). */
  reasonTruncated: z.boolean().default(false),
  sourceTopic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  consumerGroup: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
  eventId: z.string().nullable(),
  /** True when the event id was cut (to 200 characters). */
  eventIdTruncated: z.boolean().default(false),
  originalKey: z.string().nullable(),
  /** True when the key was cut (to 1,024 characters); the DLQ message's Kafka key is then the cut key too. */
  originalKeyTruncated: z.boolean().default(false),
  /** The original key's size in bytes; null when the message had no key. */
  originalKeySizeBytes: z.number().int().nonnegative().nullable().default(null),
  /** The value as text when it is valid UTF-8 (then it is exact, or its prefix when truncated); null otherwise. */
  originalValue: z.string().nullable(),
  /** The value's bytes when they are not valid UTF-8 (a text reading would lose them). */
  originalValueBase64: z.string().nullable().default(null),
  /** True when only the first bytes of the value are embedded (see `originalSizeBytes` for the whole). */
  originalTruncated: z.boolean().default(false),
  /** The original value's size in bytes; null when the message had no value. */
  originalSizeBytes: z.number().int().nonnegative().nullable().default(null),
  originalHeaders: z.record(z.string(), z.string()),
  /** True when a header name or value was cut (to 256 / 1,024 characters), or all headers were left out to fit. */
  originalHeadersTruncated: z.boolean().default(false),
  /**
   * True for the last-resort record: when even the capped fields did not fit,
   * only the reason, origin and sizes are kept (event id, key, value and headers are null/empty).
   */
  detailsOmitted: z.boolean().default(false),
});
export type DeadLetterRecord = z.infer<typeof DeadLetterRecordSchema>;
