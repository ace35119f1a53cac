/**
 * Event types a subscriber can ask for. They are part of the public contract:
 * renaming one breaks subscribers, so a change is a new name (and `version`).
 */
export const WEBHOOK_EVENT_TYPES = [
  'incident.opened',
  'incident.analyzed',
  'incident.resolved',
  'sla.at-risk',
  'sla.breached',
  'process.completed',
  'node.down',
  'node.up',
  'anomaly.detected',
  'webhook.ping',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Version of the delivery body (`{ id, type, version, occurredAt, data }`). */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The JSON body a subscriber receives (signed; `id` is the subscriber's idempotency key). */
export interface WebhookBody {
  id: string;
  type: WebhookEventType;
  version: number;
  occurredAt: string;
  data: Record<string, unknown>;
}
