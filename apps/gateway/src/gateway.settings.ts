import type { Provider } from '@nestjs/common';
import { CamundaFleetSettings } from '@flowpilot/shared';
import type { GatewayConfig } from './gateway.config';

/** What the HTTP layer needs: body size limit and CORS origins. */
export abstract class HttpSettings {
  abstract readonly bodyLimitBytes: number;
  /** Empty disables CORS; `*` allows any origin. */
  abstract readonly corsOrigins: readonly string[];
}

/** The per-key token bucket in front of `/api`. */
export abstract class RateLimitSettings {
  abstract readonly requestsPerMinute: number;
  abstract readonly burst: number;
}

/** The admin key a fresh install starts with (stored hashed), if any. */
export abstract class BootstrapAdminKeySettings {
  abstract readonly adminKey: string | undefined;
}

/** Private targets webhooks may reach anyway (hosts, IPs, CIDRs). */
export abstract class WebhookTargetSettings {
  abstract readonly allowedHosts: readonly string[];
}

/** How the dispatcher sends, retries and gives up on webhook deliveries. */
export abstract class WebhookDeliverySettings {
  abstract readonly maxAgeMs: number;
  abstract readonly retryInitialDelayMs: number;
  abstract readonly retryMaxDelayMs: number;
  abstract readonly timeoutMs: number;
  abstract readonly pollIntervalMs: number;
  abstract readonly concurrency: number;
}

/** How BPMN requests reach the bpmn-generator and how long they wait for its reply. */
export abstract class BpmnRequestSettings {
  abstract readonly replyTimeoutMs: number;
  /** The reply consumer's group id starts with this (KAFKA_GROUP_PREFIX). */
  abstract readonly kafkaGroupPrefix: string;
}

/** How long the incident list reuses its `page.total` for the same filters (0: count every time). */
export abstract class IncidentListSettings {
  abstract readonly totalTtlMs: number;
}

/** What the gateway keeps of its own bookkeeping, and how often it prunes the rest. */
export abstract class RetentionSettings {
  abstract readonly finishedDeliveryDays: number;
  abstract readonly trendBucketDays: number;
  abstract readonly pruneIntervalMs: number;
}

/** The validated settings as the typed slices services inject, made once at start-up. */
export function gatewaySettingsProviders(config: GatewayConfig): Provider[] {
  return [
    {
      provide: HttpSettings,
      useValue: {
        bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
        corsOrigins: config.CORS_ORIGINS,
      } satisfies HttpSettings,
    },
    {
      provide: RateLimitSettings,
      useValue: {
        requestsPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
        burst: config.API_RATE_LIMIT_BURST,
      } satisfies RateLimitSettings,
    },
    {
      provide: BootstrapAdminKeySettings,
      useValue: { adminKey: config.GATEWAY_BOOTSTRAP_ADMIN_KEY } satisfies BootstrapAdminKeySettings,
    },
    {
      provide: WebhookTargetSettings,
      useValue: { allowedHosts: config.WEBHOOK_ALLOWED_HOSTS } satisfies WebhookTargetSettings,
    },
    {
      provide: WebhookDeliverySettings,
      useValue: {
        maxAgeMs: config.WEBHOOK_MAX_AGE_MS,
        retryInitialDelayMs: config.WEBHOOK_RETRY_INITIAL_DELAY_MS,
        retryMaxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
        concurrency: config.WEBHOOK_CONCURRENCY,
      } satisfies WebhookDeliverySettings,
    },
    {
      provide: BpmnRequestSettings,
      useValue: {
        replyTimeoutMs: config.BPMN_REQUEST_TIMEOUT_MS,
        kafkaGroupPrefix: config.KAFKA_GROUP_PREFIX,
      } satisfies BpmnRequestSettings,
    },
    {
      provide: IncidentListSettings,
      useValue: { totalTtlMs: config.INCIDENT_LIST_TOTAL_TTL_MS } satisfies IncidentListSettings,
    },
    {
      provide: RetentionSettings,
      useValue: {
        finishedDeliveryDays: config.WEBHOOK_FINISHED_RETENTION_DAYS,
        trendBucketDays: config.TREND_RETENTION_DAYS,
        pruneIntervalMs: config.GATEWAY_PRUNE_INTERVAL_MS,
      } satisfies RetentionSettings,
    },
    {
      provide: CamundaFleetSettings,
      useValue: {
        nodes: config.nodes,
        requestTimeoutMs: config.CAMUNDA_REQUEST_TIMEOUT_MS,
      } satisfies CamundaFleetSettings,
    },
  ];
}
