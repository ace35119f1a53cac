import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiAnswers, ApiJsonBody, ApiQueryOf } from '../http/openapi.util';
import { Paged } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import {
  CREATE_WEBHOOK_EXAMPLE,
  CreateWebhookCommand,
  CreateWebhookSchema,
  DeliveryListQuery,
  DeliveryListQuerySchema,
  IdParamSchema,
  UpdateWebhookCommand,
  UpdateWebhookSchema,
  WebhookListQuerySchema,
} from './webhook.schemas';
import { CreatedWebhookView, PingResult, WebhookService, WebhookView } from './webhook.service';
import { DeliveryView } from './webhook-delivery-read.repository';

const WEBHOOK_EXAMPLE = {
  id: '0b7c5f64-0d8e-4f57-9f5d-3a8a3f2e9b10',
  url: CREATE_WEBHOOK_EXAMPLE.url,
  events: CREATE_WEBHOOK_EXAMPLE.events,
  filters: CREATE_WEBHOOK_EXAMPLE.filters,
  description: CREATE_WEBHOOK_EXAMPLE.description,
  active: true,
  createdAt: '2026-11-22T05:00:00.000Z',
  updatedAt: '2026-11-22T05:00:00.000Z',
};
const DELIVERY_EXAMPLE = {
  id: '5d1f3e2a-8c4b-4b7e-9a61-2f0c9d8e7b6a',
  subscriptionId: WEBHOOK_EXAMPLE.id,
  eventId: '3c2b1a09-8f7e-5d6c-8b5a-493827160504',
  eventType: 'incident.analyzed',
  status: 'dead',
  attempts: 9,
  createdAt: '2026-11-22T05:01:13.000Z',
  nextAttemptAt: null,
  expiresAt: '2026-11-23T05:01:13.000Z',
  lastAttemptAt: '2026-11-23T04:52:00.000Z',
  lastStatusCode: 503,
  lastError: 'receiver answered 503',
  deliveredAt: null,
  deadAt: '2026-11-23T04:52:00.100Z',
};

const DeliveryParamsSchema = z.object({ id: IdParamSchema, deliveryId: IdParamSchema });
const IdParamsSchema = z.object({ id: IdParamSchema });

@ApiTags('webhooks')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(@Inject(WebhookService) private readonly webhooks: WebhookService) {}

  @Post()
  @RequireScope('write')
  @ApiOperation({
    summary:
      'Subscribe a URL to event types. The signing secret is generated unless given, and returned only in this answer.',
  })
  @ApiJsonBody(CreateWebhookSchema, CREATE_WEBHOOK_EXAMPLE)
  @ApiAnswers(201, 'The subscription, with its secret', { ...WEBHOOK_EXAMPLE, secret: 'whsec_9mX2…' })
  create(@Body(validated(CreateWebhookSchema)) command: CreateWebhookCommand): Promise<CreatedWebhookView> {
    return this.webhooks.create(command);
  }

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Subscriptions (without secrets).' })
  @ApiQueryOf(WebhookListQuerySchema)
  @ApiAnswers(200, 'A page of subscriptions', {
    data: [WEBHOOK_EXAMPLE],
    page: { limit: 50, offset: 0, total: 1 },
  })
  list(
    @Query(validated(WebhookListQuerySchema)) query: { limit: number; offset: number },
  ): Promise<Paged<WebhookView>> {
    return this.webhooks.list(query.limit, query.offset);
  }

  @Get('deliveries')
  @RequireScope('read')
  @ApiOperation({ summary: 'Deliveries of every subscription; `status=dead` lists the dead letters.' })
  @ApiQueryOf(DeliveryListQuerySchema, { status: 'dead' })
  @ApiAnswers(200, 'A page of deliveries', {
    data: [DELIVERY_EXAMPLE],
    page: { limit: 50, offset: 0, total: 1 },
  })
  allDeliveries(
    @Query(validated(DeliveryListQuerySchema)) query: DeliveryListQuery,
  ): Promise<Paged<DeliveryView>> {
    return this.webhooks.deliveries(null, query);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One subscription.' })
  @ApiParam({ name: 'id', example: WEBHOOK_EXAMPLE.id })
  @ApiAnswers(200, 'The subscription', WEBHOOK_EXAMPLE, [404])
  get(@Param(validated(IdParamsSchema)) params: { id: string }): Promise<WebhookView> {
    return this.webhooks.get(params.id);
  }

  @Patch(':id')
  @RequireScope('write')
  @ApiOperation({
    summary: 'Change the URL, events, filters, description, secret, or pause it (`active: false`).',
  })
  @ApiParam({ name: 'id', example: WEBHOOK_EXAMPLE.id })
  @ApiJsonBody(UpdateWebhookSchema, { events: ['incident.opened', 'incident.resolved'], active: true })
  @ApiAnswers(200, 'The updated subscription', WEBHOOK_EXAMPLE, [404])
  update(
    @Param(validated(IdParamsSchema)) params: { id: string },
    @Body(validated(UpdateWebhookSchema)) command: UpdateWebhookCommand,
  ): Promise<WebhookView> {
    return this.webhooks.update(params.id, command);
  }

  @Delete(':id')
  @RequireScope('write')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a subscription; what it has not received yet is cancelled, its delivery log stays.',
  })
  @ApiParam({ name: 'id', example: WEBHOOK_EXAMPLE.id })
  @ApiAnswers(204, 'Removed', null, [404])
  async remove(@Param(validated(IdParamsSchema)) params: { id: string }): Promise<void> {
    await this.webhooks.delete(params.id);
  }

  @Post(':id/test')
  @RequireScope('write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a signed `webhook.ping` now and report what the receiver answered.' })
  @ApiParam({ name: 'id', example: WEBHOOK_EXAMPLE.id })
  @ApiAnswers(
    200,
    'The attempt',
    {
      deliveryId: DELIVERY_EXAMPLE.id,
      eventId: DELIVERY_EXAMPLE.eventId,
      delivered: true,
      statusCode: 204,
      latencyMs: 12,
      error: null,
    },
    [404],
  )
  ping(@Param(validated(IdParamsSchema)) params: { id: string }): Promise<PingResult> {
    return this.webhooks.ping(params.id);
  }

  @Get(':id/deliveries')
  @RequireScope('read')
  @ApiOperation({ summary: 'The delivery log of one subscription (status, attempts, last status code).' })
  @ApiParam({ name: 'id', example: WEBHOOK_EXAMPLE.id })
  @ApiQueryOf(DeliveryListQuerySchema, { status: 'dead' })
  @ApiAnswers(
    200,
    'A page of deliveries',
    { data: [DELIVERY_EXAMPLE], page: { limit: 50, offset: 0, total: 1 } },
    [404],
  )
  deliveries(
    @Param(validated(IdParamsSchema)) params: { id: string },
    @Query(validated(DeliveryListQuerySchema)) query: DeliveryListQuery,
  ): Promise<Paged<DeliveryView>> {
    return this.webhooks.deliveries(params.id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @RequireScope('read')
  @ApiOperation({ summary: 'One delivery with its body and every attempt (status code, latency, error).' })
  @ApiParam({ name: 'id', example: WEBHOOK_EXAMPLE.id })
  @ApiParam({ name: 'deliveryId', example: DELIVERY_EXAMPLE.id })
  @ApiAnswers(
    200,
    'The delivery',
    {
      ...DELIVERY_EXAMPLE,
      log: [
        {
          attempt: 1,
          attemptedAt: '2026-11-22T05:01:13.050Z',
          statusCode: 503,
          latencyMs: 41,
          outcome: 'retry-scheduled',
          error: 'receiver answered 503',
        },
      ],
    },
    [404],
  )
  delivery(
    @Param(validated(DeliveryParamsSchema)) params: { id: string; deliveryId: string },
  ): Promise<DeliveryView> {
    return this.webhooks.delivery(params.id, params.deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @RequireScope('write')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Queue a delivered, dead or cancelled delivery again (same delivery id and Idempotency-Key, fresh deadline).',
  })
  @ApiParam({ name: 'id', example: WEBHOOK_EXAMPLE.id })
  @ApiParam({ name: 'deliveryId', example: DELIVERY_EXAMPLE.id })
  @ApiAnswers(202, 'Queued', { ...DELIVERY_EXAMPLE, status: 'pending', deadAt: null }, [404, 409])
  redeliver(
    @Param(validated(DeliveryParamsSchema)) params: { id: string; deliveryId: string },
  ): Promise<DeliveryView> {
    return this.webhooks.redeliver(params.id, params.deliveryId);
  }
}
