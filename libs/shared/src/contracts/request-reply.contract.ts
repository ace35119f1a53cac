import { z } from 'zod';

/**
 * Building blocks for request/reply topics (see `kafka/request-reply.ts` for
 * the protocol). A domain declares its command union and one result schema per
 * command type; these helpers turn them into the request and reply payload
 * schemas of its catalogue topics.
 */

/** Why a request failed; the asker maps these to its own answers (HTTP status and the like). */
export const REPLY_ERROR_CODES = [
  'invalid-request',
  'not-found',
  'unprocessable',
  'engine-rejected',
  'unavailable',
  'expired',
  'internal',
] as const;
export const ReplyErrorCodeSchema = z.enum(REPLY_ERROR_CODES);
export type ReplyErrorCode = z.infer<typeof ReplyErrorCodeSchema>;

export const ReplyErrorSchema = z.object({
  code: ReplyErrorCodeSchema,
  message: z.string().max(4_000),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type ReplyError = z.infer<typeof ReplyErrorSchema>;

const topicName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+\.v\d+$/, 'must be a catalogue topic name');

/** `{ requestId, replyTopic?, expiresAt?, command }`: the command is a union discriminated by `type`. */
export function requestPayloadSchema<C extends z.ZodType<{ type: string }>>(command: C) {
  return z.object({
    requestId: z.uuid(),
    /** Where to answer; the responder only honours a catalogue topic with the same reply schema. */
    replyTopic: topicName.optional(),
    /** After this instant nobody waits for the answer, so the responder skips the work. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    command,
  });
}

type ResultSchemas = Record<string, z.ZodType>;

/** One success variant per command type, and one failure variant. */
export type ReplyPayload<R extends ResultSchemas> =
  | { [K in keyof R & string]: { requestId: string; type: K; ok: true; result: z.output<R[K]> } }[keyof R &
      string]
  | { requestId: string; type: keyof R & string; ok: false; error: ReplyError };

/** `{ requestId, type, ok: true, result }` or `{ requestId, type, ok: false, error: { code, message, details } }`. */
export function replyPayloadSchema<R extends ResultSchemas>(results: R): z.ZodType<ReplyPayload<R>> {
  const types = Object.keys(results) as [keyof R & string, ...(keyof R & string)[]];
  const successes = types.map((type) =>
    z.object({ requestId: z.uuid(), type: z.literal(type), ok: z.literal(true), result: results[type] }),
  );
  const failure = z.object({
    requestId: z.uuid(),
    type: z.enum(types),
    ok: z.literal(false),
    error: ReplyErrorSchema,
  });
  // zod cannot infer a union built from a mapped record; the declared type above is what it accepts.
  return z.union([failure, ...successes]) as z.ZodType<ReplyPayload<R>>;
}
