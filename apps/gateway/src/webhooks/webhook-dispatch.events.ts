import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * What the webhook machinery reports: the outbox writer says when rows were
 * committed (the dispatcher wakes at once instead of waiting for its next
 * poll), and the dispatcher reports attempts (metrics subscribe).
 */
export interface WebhookDispatchEventMap {
  enqueued: [{ count: number }];
  attempted: [
    {
      eventType: string;
      outcome: 'delivered' | 'retry-scheduled' | 'dead-lettered';
      latencyMs: number;
      statusCode: number | null;
    },
  ];
}

@Injectable()
export class WebhookDispatchEvents extends EventEmitter<WebhookDispatchEventMap> {}
