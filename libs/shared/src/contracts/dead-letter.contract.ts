import { z } from 'zod';

/**
 * What a dead-letter topic holds: why the message failed, where it came from,
 * and its original value — whole when it fits, else its first bytes (a dead
 * letter must stay under the broker's message size limit, or the DLQ send
 * fails and the partition stalls).
 */
export const DeadLetterRecordSchema = z.object({
  reason: z.string(),
  sourceTopic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  consumerGroup: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
  eventId: z.string().nullable(),
  originalKey: z.string().nullable(),
  /** The value as text when it is valid UTF-8 (then it is exact, or its prefix when truncated); null otherwise. */
  originalValue: z.string().nullable(),
  /** The value's bytes when they are not valid UTF-8 (a text reading would lose them). */
  originalValueBase64: z.string().nullable().default(null),
  /** True when only the first bytes of the value are embedded (see `originalSizeBytes` for the whole). */
  originalTruncated: z.boolean().default(false),
  /** The original value's size in bytes; null when the message had no value. */
  originalSizeBytes: z.number().int().nonnegative().nullable().default(null),
  originalHeaders: z.record(z.string(), z.string()),
});
export type DeadLetterRecord = z.infer<typeof DeadLetterRecordSchema>;
