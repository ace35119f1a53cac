import { Inject, Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { AppLogger } from '@flowpilot/shared';
import { HttpEvents } from '../http/http.events';
import { registerHttpMetrics } from '../http/http.metrics';
import { WebhookDeliveryReadRepository } from '../webhooks/webhook-delivery-read.repository';
import { WebhookDispatchEvents } from '../webhooks/webhook-dispatch.events';
import { registerWebhookDispatchLogging } from '../webhooks/webhook-dispatch.logging';
import { registerWebhookDispatchMetrics } from '../webhooks/webhook-dispatch.metrics';

/**
 * The one place the gateway's metrics and log subscribers are attached to its events: HTTP requests and
 * webhook deliveries (the Kafka pipeline's own are registered by the core module).
 */
@Injectable()
export class GatewayObservability {
  constructor(
    @Inject(Registry) registry: Registry,
    @Inject(AppLogger) logger: AppLogger,
    @Inject(HttpEvents) http: HttpEvents,
    @Inject(WebhookDispatchEvents) webhooks: WebhookDispatchEvents,
    @Inject(WebhookDeliveryReadRepository) deliveries: Pick<WebhookDeliveryReadRepository, 'statusCounts'>,
  ) {
    registerHttpMetrics(registry, http);
    registerWebhookDispatchMetrics(registry, webhooks, deliveries);
    registerWebhookDispatchLogging(webhooks, logger.forContext('WebhookDispatcher'));
  }
}
