import { z } from 'zod';

/** What a dead-letter topic holds: the original message untouched, and why it failed. */
export const DeadLetterRecordSchema = z.object({
  reason: z.string(),
  sourceTopic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  consumerGroup: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
  eventId: z.string().nullable(),
  originalKey: z.string().nullable(),
  /** The value as text when it is valid UTF-8 (then it is exact); null otherwise. */
  originalValue: z.string().nullable(),
  /** The value's exact bytes when they are not valid UTF-8 (a text reading would lose them). */
  originalValueBase64: z.string().nullable().default(null),
  originalHeaders: z.record(z.string(), z.string()),
});
export type DeadLetterRecord = z.infer<typeof DeadLetterRecordSchema>;
