import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DeliveryStatus } from './webhook.schemas';
import { WebhookDispatchEvents } from './webhook-dispatch.events';

/** Where the outbox backlog gauge reads its figures at scrape time. */
export interface DeliveryStatusCounts {
  statusCounts(): Promise<Record<DeliveryStatus, number>>;
}

/** Webhook metrics, fed by the dispatcher's events and, for the outbox backlog, read at scrape time. */
export function registerWebhookDispatchMetrics(
  registry: Registry,
  events: WebhookDispatchEvents,
  deliveries: DeliveryStatusCounts,
): void {
  const attempts = new Counter({
    name: 'flowpilot_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts, per event type and outcome (delivered, retry-scheduled, dead-lettered).',
    labelNames: ['event_type', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'flowpilot_webhook_delivery_seconds',
    help: 'Duration of one delivery attempt (request to response), per outcome.',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'flowpilot_webhook_outbox_deliveries',
    help: 'Deliveries in the outbox, per status (pending, delivered, dead, cancelled).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await deliveries.statusCounts();
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  events.on('attempted', ({ eventType, outcome, latencyMs }) => {
    attempts.inc({ event_type: eventType, outcome });
    latency.observe({ outcome }, latencyMs / 1000);
  });
}
