import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/** One delivery attempt whose outcome was recorded. */
export interface WebhookAttempt {
  deliveryId: string;
  eventId: string;
  eventType: string;
  /** The attempt's number (1 = the first). */
  attempt: number;
  outcome: 'delivered' | 'retry-scheduled' | 'dead-lettered';
  latencyMs: number;
  statusCode: number | null;
  error: string | null;
}

/**
 * What the webhook machinery reports: the outbox writer says when rows were
 * committed (the dispatcher wakes at once instead of waiting for its next
 * poll), and the dispatcher reports attempts whose outcome it recorded
 * (metrics and the dead-letter log subscribe).
 */
export interface WebhookDispatchEventMap {
  enqueued: [{ count: number }];
  attempted: [WebhookAttempt];
}

@Injectable()
export class WebhookDispatchEvents extends EventEmitter<WebhookDispatchEventMap> {}
