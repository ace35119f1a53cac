import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { WebhookDispatchEvents } from './webhook-dispatch.events';
import { WebhookOutboxRepository } from './webhook-outbox.repository';

/** Webhook metrics, fed by the dispatcher's events and, for the outbox backlog, read at scrape time. */
@Injectable()
export class WebhookMetrics implements OnModuleInit {
  constructor(
    @Inject(Registry) private readonly registry: Registry,
    @Inject(WebhookDispatchEvents) private readonly events: WebhookDispatchEvents,
    @Inject(WebhookOutboxRepository) private readonly outbox: WebhookOutboxRepository,
  ) {}

  onModuleInit(): void {
    const attempts = new Counter({
      name: 'flowpilot_webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts, per event type and outcome (delivered, retry-scheduled, dead-lettered).',
      labelNames: ['event_type', 'outcome'],
      registers: [this.registry],
    });
    const latency = new Histogram({
      name: 'flowpilot_webhook_delivery_seconds',
      help: 'Duration of one delivery attempt (request to response), per outcome.',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const outbox = this.outbox;
    new Gauge({
      name: 'flowpilot_webhook_outbox_deliveries',
      help: 'Deliveries in the outbox, per status (pending, delivered, dead, cancelled).',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const counts = await outbox.statusCounts();
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      },
    });
    this.events.on('attempted', ({ eventType, outcome, latencyMs }) => {
      attempts.inc({ event_type: eventType, outcome });
      latency.observe({ outcome }, latencyMs / 1000);
    });
  }
}
