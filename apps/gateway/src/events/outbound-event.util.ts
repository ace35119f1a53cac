import type { Envelope } from '@flowpilot/shared';
import { OutboundEvent } from '../webhooks/webhook-outbox.repository';
import { WEBHOOK_PAYLOAD_VERSION, WebhookEventType } from '../webhooks/webhook-body.contract';

/**
 * The webhook form of a consumed event: the source event id (the subscriber's
 * idempotency key), the public type, and the payload with the node it is about.
 */
export function outboundEvent<P extends object>(
  envelope: Envelope<P>,
  type: WebhookEventType,
  match: { processDefinitionKey?: string | null } = {},
): OutboundEvent {
  return {
    body: {
      id: envelope.eventId,
      type,
      version: WEBHOOK_PAYLOAD_VERSION,
      occurredAt: envelope.occurredAt,
      data: { ...envelope.payload, nodeId: envelope.nodeId },
    },
    nodeId: envelope.nodeId,
    ...('processDefinitionKey' in match ? { processDefinitionKey: match.processDefinitionKey ?? null } : {}),
  };
}

/** The node an analysis or status is about: the envelope's node, else the one the payload names. */
export function nodeOfReport(envelope: Envelope<{ nodeName: string }>): string {
  return envelope.nodeId ?? envelope.payload.nodeName;
}
