import { z } from 'zod';

/**
 * Every Kafka message is an envelope. `eventId` is the idempotency key:
 * consumers skip an event id they have already processed, and derived events
 * get a deterministic id (see `deriveEventId`) so a retried handler re-emits
 * the same ids instead of new ones.
 */
export const TraceContextSchema = z.object({
  traceparent: z.string().max(128).optional(),
  tracestate: z.string().max(512).optional(),
  correlationId: z.string().min(1).max(128),
});
export type TraceContext = z.infer<typeof TraceContextSchema>;

export const EnvelopeHeaderSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1).max(200),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1).max(100),
  nodeId: z.string().min(1).max(100).nullable(),
  trace: TraceContextSchema,
});

export type Envelope<P> = z.infer<typeof EnvelopeHeaderSchema> & { payload: P };

/**
 * The node id of an event that must be about one node (every `camunda.*` fact is). One without it
 * is a producer bug: the error sends it to the dead-letter topic with this reason.
 */
export function requireNodeId(envelope: Envelope<unknown>): string {
  if (!envelope.nodeId) throw new Error(`event ${envelope.eventId} (${envelope.type}) carries no nodeId`);
  return envelope.nodeId;
}
