import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CamundaFleet, CamundaReadiness, FlowpilotCoreModule } from '@flowpilot/shared';
import { AlertRepository } from './alerts/alert.repository';
import { AlertsController } from './alerts/alerts.controller';
import { JudgementsController } from './judgements/judgements.controller';
import { JudgementEventsConsumer } from './judgements/judgement-events.consumer';
import { JudgementReadRepository } from './judgements/judgement-read.repository';
import { AuditController } from './audit/audit.controller';
import { AuditLogRepository } from './audit/audit-log.repository';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRepository } from './auth/api-key.repository';
import { ApiKeyService } from './auth/api-key.service';
import { ApiKeysController } from './auth/api-keys.controller';
import { BootstrapAdminKey } from './auth/bootstrap-admin-key.service';
import { RateLimiter } from './auth/rate-limiter';
import { BpmnController } from './bpmn/bpmn.controller';
import { BpmnRequestClient } from './bpmn/bpmn-request.client';
import { BpmnService } from './bpmn/bpmn.service';
import { ProjectionWriter } from './events/projection-writer.service';
import { GATEWAY_MIGRATIONS } from './database/gateway.migrations';
import { GatewayConfig } from './gateway.config';
import { gatewaySettingsProviders } from './gateway.settings';
import { HttpEvents } from './http/http.events';
import { GatewayObservability } from './observability/gateway.observability';
import { IncidentEventsConsumer } from './incidents/incident-events.consumer';
import { IncidentRepository } from './incidents/incident.repository';
import { IncidentsController } from './incidents/incidents.controller';
import { PatternRepository } from './incidents/pattern.repository';
import { PatternsController } from './incidents/patterns.controller';
import { NodeEventsConsumer } from './nodes/node-events.consumer';
import { NodeRepository } from './nodes/node.repository';
import { NodesController } from './nodes/nodes.controller';
import { NodesService } from './nodes/nodes.service';
import { ProcessEventsConsumer } from './processes/process-events.consumer';
import { ProcessStatisticsRepository } from './processes/process-statistics.repository';
import { ProcessesController } from './processes/processes.controller';
import { ProcessDefinitionsApi } from './processes/process-definitions.api';
import { ProcessDefinitionsController } from './processes/process-definitions.controller';
import { ProcessPageRepository } from './processes/process-page.repository';
import { ProcessPageService } from './processes/process-page.service';
import { ActivityEventsConsumer } from './trends/activity-events.consumer';
import { TrendBucketsRepository } from './trends/trend-buckets.repository';
import { TrendReadRepository } from './trends/trend-read.repository';
import { TrendsController } from './trends/trends.controller';
import { RetentionPruner } from './retention/retention-pruner.service';
import { RetentionRepository } from './retention/retention.repository';
import { RemediationController } from './remediation/remediation.controller';
import { RemediationService } from './remediation/remediation.service';
import { ThresholdsConsumer } from './thresholds/thresholds.consumer';
import { ThresholdsController } from './thresholds/thresholds.controller';
import { ThresholdsRepository } from './thresholds/thresholds.repository';
import { ThresholdsService } from './thresholds/thresholds.service';
import { HostResolver } from './webhooks/host-resolver';
import { SsrfGuard } from './webhooks/ssrf-guard';
import { WebhookDispatchEvents } from './webhooks/webhook-dispatch.events';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.service';
import { WebhookDeliveryReadRepository } from './webhooks/webhook-delivery-read.repository';
import { WebhookOutboxRepository } from './webhooks/webhook-outbox.repository';
import { WebhookSender } from './webhooks/webhook-sender';
import { WebhookService } from './webhooks/webhook.service';
import { WebhookSubscriptionRepository } from './webhooks/webhook-subscription.repository';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [FlowpilotCoreModule.forRoot({ service: 'gateway', config, migrations: GATEWAY_MIGRATIONS })],
      controllers: [
        IncidentsController,
        PatternsController,
        RemediationController,
        NodesController,
        ProcessesController,
        ProcessDefinitionsController,
        TrendsController,
        JudgementsController,
        AlertsController,
        ThresholdsController,
        BpmnController,
        WebhooksController,
        ApiKeysController,
        AuditController,
        IncidentEventsConsumer,
        NodeEventsConsumer,
        ProcessEventsConsumer,
        JudgementEventsConsumer,
        ThresholdsConsumer,
        ActivityEventsConsumer,
      ],
      providers: [
        ...gatewaySettingsProviders(config),
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        RateLimiter,
        HostResolver,
        SsrfGuard,
        WebhookDispatchEvents,
        HttpEvents,
        GatewayObservability,
        WebhookSender,
        CamundaFleet,
        CamundaReadiness,
        ApiKeyRepository,
        ApiKeyService,
        BootstrapAdminKey,
        AuditLogRepository,
        IncidentRepository,
        PatternRepository,
        RemediationService,
        NodeRepository,
        NodesService,
        ProcessStatisticsRepository,
        ProcessDefinitionsApi,
        ProcessPageRepository,
        ProcessPageService,
        TrendBucketsRepository,
        TrendReadRepository,
        JudgementReadRepository,
        AlertRepository,
        ThresholdsRepository,
        ThresholdsService,
        BpmnRequestClient,
        BpmnService,
        ProjectionWriter,
        WebhookSubscriptionRepository,
        WebhookOutboxRepository,
        WebhookDeliveryReadRepository,
        WebhookDispatcher,
        WebhookService,
        RetentionRepository,
        RetentionPruner,
      ],
    };
  }
}
