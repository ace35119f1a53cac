import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { WebhookDeliverySettings } from '../gateway.settings';
import { ApiError } from '../http/api-error';
import { Paged } from '../http/paging';
import { SsrfGuard, SsrfRefusedError } from './ssrf-guard';
import { CreateWebhookCommand, DeliveryListQuery, UpdateWebhookCommand } from './webhook.schemas';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WEBHOOK_PAYLOAD_VERSION } from './webhook-body.contract';
import { DeliveryView, WebhookDeliveryReadRepository } from './webhook-delivery-read.repository';
import { WebhookOutboxRepository } from './webhook-outbox.repository';
import { WebhookSubscription, WebhookSubscriptionRepository } from './webhook-subscription.repository';

/** A subscription as the API shows it: the secret only once, when it is created. */
export type WebhookView = Omit<WebhookSubscription, 'secret'>;
export type CreatedWebhookView = WebhookView & { secret: string };

export interface PingResult {
  deliveryId: string;
  eventId: string;
  delivered: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

const view = ({ secret: _secret, ...rest }: WebhookSubscription): WebhookView => rest;

@Injectable()
export class WebhookService {
  constructor(
    @Inject(WebhookDeliverySettings)
    private readonly deliverySettings: Pick<WebhookDeliverySettings, 'maxAgeMs'>,
    @Inject(WebhookSubscriptionRepository) private readonly subscriptions: WebhookSubscriptionRepository,
    @Inject(WebhookOutboxRepository)
    private readonly outbox: Pick<WebhookOutboxRepository, 'enqueueDirect' | 'requeue'>,
    @Inject(WebhookDeliveryReadRepository)
    private readonly deliveryRows: Pick<WebhookDeliveryReadRepository, 'list' | 'get'>,
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(SsrfGuard) private readonly guard: SsrfGuard,
  ) {}

  async create(command: CreateWebhookCommand): Promise<CreatedWebhookView> {
    await this.assertTarget(command.url);
    const created = await this.subscriptions.insert({
      id: randomUUID(),
      url: command.url,
      events: command.events,
      secret: command.secret ?? `whsec_${randomBytes(32).toString('base64url')}`,
      filters: {
        nodeIds: command.filters?.nodeIds ?? [],
        processDefinitionKeys: command.filters?.processDefinitionKeys ?? [],
      },
      description: command.description ?? null,
    });
    return { ...view(created), secret: created.secret };
  }

  async list(limit: number, offset: number): Promise<Paged<WebhookView>> {
    const { rows, total } = await this.subscriptions.list(limit, offset);
    return { data: rows.map(view), page: { limit, offset, total } };
  }

  async get(id: string): Promise<WebhookView> {
    return view(await this.require(id));
  }

  async update(id: string, command: UpdateWebhookCommand): Promise<WebhookView> {
    const current = await this.require(id);
    if (command.url) await this.assertTarget(command.url);
    const updated = await this.subscriptions.update(id, {
      ...command,
      filters: command.filters
        ? {
            nodeIds: command.filters.nodeIds ?? current.filters.nodeIds,
            processDefinitionKeys:
              command.filters.processDefinitionKeys ?? current.filters.processDefinitionKeys,
          }
        : undefined,
    });
    if (!updated) throw ApiError.notFound('Webhook', { id });
    return view(updated);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.subscriptions.delete(id))) throw ApiError.notFound('Webhook', { id });
  }

  /** Sends a signed `webhook.ping` now and reports what the receiver answered. */
  async ping(id: string): Promise<PingResult> {
    const subscription = await this.require(id);
    const eventId = randomUUID();
    const deliveryId = await this.outbox.enqueueDirect(subscription.id, {
      id: eventId,
      type: 'webhook.ping',
      version: WEBHOOK_PAYLOAD_VERSION,
      occurredAt: new Date().toISOString(),
      data: { webhookId: subscription.id, message: 'Flowpilot test delivery' },
    });
    const result = await this.dispatcher.deliverNow(deliveryId);
    if (!result)
      throw new ApiError(
        HttpStatus.CONFLICT,
        'conflict',
        'The ping delivery was claimed by another dispatcher',
        { deliveryId },
      );
    return {
      deliveryId,
      eventId,
      delivered: result.ok,
      statusCode: result.statusCode,
      latencyMs: Math.round(result.latencyMs),
      error: result.error,
    };
  }

  async deliveries(id: string | null, query: DeliveryListQuery): Promise<Paged<DeliveryView>> {
    if (id) await this.require(id);
    return this.deliveryRows.list(id, query);
  }

  async delivery(id: string, deliveryId: string): Promise<DeliveryView> {
    const found = await this.deliveryRows.get(id, deliveryId);
    if (!found) throw ApiError.notFound('Delivery', { webhookId: id, deliveryId });
    return found;
  }

  async redeliver(id: string, deliveryId: string): Promise<DeliveryView> {
    await this.require(id);
    const current = await this.delivery(id, deliveryId);
    const requeued = await this.outbox.requeue(id, deliveryId, this.deliverySettings.maxAgeMs);
    if (!requeued) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'conflict',
        'The delivery is still pending; it will be retried on its own',
        { deliveryId, status: current.status },
      );
    }
    this.dispatcher.wakeUp();
    return requeued;
  }

  private async require(id: string): Promise<WebhookSubscription> {
    const found = await this.subscriptions.find(id);
    if (!found) throw ApiError.notFound('Webhook', { id });
    return found;
  }

  private async assertTarget(url: string): Promise<void> {
    try {
      await this.guard.assertAllowed(url);
    } catch (error) {
      if (error instanceof SsrfRefusedError) {
        throw new ApiError(
          HttpStatus.BAD_REQUEST,
          'target_not_allowed',
          `Webhook URL refused: ${error.message}`,
          { url },
        );
      }
      throw error;
    }
  }
}
