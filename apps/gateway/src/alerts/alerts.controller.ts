import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiKeyPrincipal } from '../auth/api-key.service';
import { CurrentApiKey } from '../auth/current-api-key.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiError } from '../http/api-error';
import { ApiAnswers, ApiJsonBody, ApiQueryOf } from '../http/openapi.util';
import { Paged } from '../http/paging';
import { validated } from '../http/zod-validation.pipe';
import { AlertListQuery, AlertListQuerySchema, AlertRepository, AlertView } from './alert.repository';

const ALERT_EXAMPLE = {
  id: '9a7e0c4d-3b1f-4f0e-8c2a-5d6e7f8a9b0c',
  sourceEventId: '2f1e0d9c-8b7a-5654-9321-0fedcba98765',
  kind: 'sla-breached',
  severity: 'critical',
  nodeId: 'node1',
  processDefinitionKey: 'invoice',
  subjectKey: 'node1:process-instance:7f8d1e20',
  title: 'SLA breached: invoice instance 7f8d1e20 (P2D target, 118 % elapsed)',
  details: { target: 'P2D', shareOfTarget: 1.18 },
  createdAt: '2026-11-22T05:10:00.000Z',
  status: 'open',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  note: null,
};

const IdParamsSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
const AlertActionSchema = z.strictObject({ note: z.string().max(1_000).optional() }).default({});

@ApiTags('alerts')
@ApiSecurity('api-key')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(@Inject(AlertRepository) private readonly alerts: AlertRepository) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({
    summary: 'Alerts raised from SLA risks and breaches, anomalies, node outages and high job-failure risk.',
  })
  @ApiQueryOf(AlertListQuerySchema, { status: 'open,acknowledged', severity: 'critical' })
  @ApiAnswers(200, 'A page of alerts', { data: [ALERT_EXAMPLE], page: { limit: 50, offset: 0, total: 1 } })
  list(@Query(validated(AlertListQuerySchema)) query: AlertListQuery): Promise<Paged<AlertView>> {
    return this.alerts.list(query);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One alert.' })
  @ApiParam({ name: 'id', example: ALERT_EXAMPLE.id })
  @ApiAnswers(200, 'The alert', ALERT_EXAMPLE, [404])
  async get(@Param(validated(IdParamsSchema)) params: { id: string }): Promise<AlertView> {
    return (await this.alerts.get(params.id)) ?? this.notFound(params.id);
  }

  @Post(':id/acknowledge')
  @RequireScope('write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alert (someone is on it). Repeating it changes nothing.' })
  @ApiParam({ name: 'id', example: ALERT_EXAMPLE.id })
  @ApiJsonBody(AlertActionSchema, { note: 'Looking into the payment service' })
  @ApiAnswers(
    200,
    'The alert',
    {
      ...ALERT_EXAMPLE,
      status: 'acknowledged',
      acknowledgedAt: '2026-11-22T05:12:00.000Z',
      acknowledgedBy: 'ops on-call',
    },
    [404],
  )
  async acknowledge(
    @Param(validated(IdParamsSchema)) params: { id: string },
    @Body(validated(AlertActionSchema)) body: { note?: string },
    @CurrentApiKey() caller: ApiKeyPrincipal | null,
  ): Promise<AlertView> {
    return (
      (await this.alerts.acknowledge(params.id, caller?.name ?? 'unknown', body.note ?? null)) ??
      this.notFound(params.id)
    );
  }

  @Post(':id/resolve')
  @RequireScope('write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve an alert. Repeating it changes nothing.' })
  @ApiParam({ name: 'id', example: ALERT_EXAMPLE.id })
  @ApiJsonBody(AlertActionSchema, { note: 'Payment service restarted' })
  @ApiAnswers(
    200,
    'The alert',
    {
      ...ALERT_EXAMPLE,
      status: 'resolved',
      resolvedAt: '2026-11-22T05:30:00.000Z',
      resolvedBy: 'ops on-call',
    },
    [404],
  )
  async resolve(
    @Param(validated(IdParamsSchema)) params: { id: string },
    @Body(validated(AlertActionSchema)) body: { note?: string },
    @CurrentApiKey() caller: ApiKeyPrincipal | null,
  ): Promise<AlertView> {
    return (
      (await this.alerts.resolve(params.id, caller?.name ?? 'unknown', body.note ?? null)) ??
      this.notFound(params.id)
    );
  }

  private notFound(id: string): never {
    throw ApiError.notFound('Alert', { id });
  }
}
