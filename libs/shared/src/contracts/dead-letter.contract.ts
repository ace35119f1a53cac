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
  originalValue: z.string().nullable(),
  originalHeaders: z.record(z.string(), z.string()),
});
export type DeadLetterRecord = z.infer<typeof DeadLetterRecordSchema>;
