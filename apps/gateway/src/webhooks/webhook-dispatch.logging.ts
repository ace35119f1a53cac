import type { ContextLogger } from '@flowpilot/shared';
import { WebhookDispatchEvents } from './webhook-dispatch.events';

/** A dead-lettered delivery waits for an operator: say so in the log. */
export function registerWebhookDispatchLogging(events: WebhookDispatchEvents, logger: ContextLogger): void {
  events.on('attempted', ({ outcome, deliveryId, eventId, attempt, error }) => {
    if (outcome === 'dead-lettered')
      logger.warn('webhook delivery dead-lettered', { deliveryId, eventId, attempts: attempt, error });
  });
}
