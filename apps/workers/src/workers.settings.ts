import { Provider } from '@nestjs/common';
import { BackoffBounds, CamundaFleetSettings } from '@flowpilot/shared';
import { LlmClientSettings, llmClientSettings } from '@flowpilot/shared/llm';
import { FARE_ANSWER_MAX_TOKENS } from './fare-rules/analyze-fare-rules.handler';
import { WorkersConfig } from './workers.config';

/** Who this worker is to Camunda and on the worker.* events, and how long a REST call may take. */
export abstract class CamundaWorkerSettings {
  /** The node id of the one engine the worker serves (the collector's CAMUNDA_NODE_<n>_NAME for it). */
  abstract readonly nodeId: string;
  abstract readonly workerId: string;
  abstract readonly requestTimeoutMs: number;
}

/** How the runtime fetches, locks, extends and retries. */
export abstract class WorkerRuntimeSettings {
  abstract readonly maxTasks: number;
  abstract readonly concurrencyPerTopic: number;
  abstract readonly lockDurationMs: number;
  abstract readonly asyncResponseTimeoutMs: number;
  abstract readonly usePriority: boolean;
  abstract readonly pollIntervalMs: number;
  abstract readonly lockExtendPercent: number;
  abstract readonly retries: number;
  abstract readonly retryBackoff: BackoffBounds;
  abstract readonly fetchBackoff: BackoffBounds;
}

/** The shutdown budget: the process's whole deadline and the part of it running handlers get. */
export abstract class ShutdownSettings {
  abstract readonly shutdownTimeoutMs: number;
  abstract readonly handlerGraceMs: number;
}

/** What the fare-rules decision needs: the model (null without a key), its cache and rate limit. */
export interface FareModelSettings {
  llm: LlmClientSettings | null;
  cacheSize: number;
  cacheTtlMs: number;
  ratePerMinute: number;
  /** How long a decision may wait for the local rate limit before it goes to MANUAL. */
  rateLimitWaitMs: number;
}

/** What the handlers are made from. */
export abstract class HandlerSettings {
  /** Topics to subscribe; empty means every handler. */
  abstract readonly topics: readonly string[];
  abstract readonly fareModel: FareModelSettings;
  /** Refund payment API; null: refunds are recorded for the finance ledger instead. */
  abstract readonly paymentGateway: { url: string; timeoutMs: number } | null;
  abstract readonly emailVerificationTtlMs: number;
}

/** The validated settings as slices, made once (the app's providers and the tests' harness use this). */
export function workersSettings(config: WorkersConfig) {
  const camunda: CamundaWorkerSettings = {
    nodeId: config.CAMUNDA_NODE_NAME,
    workerId: config.CAMUNDA_CLIENT_ID,
    requestTimeoutMs: config.CAMUNDA_REQUEST_TIMEOUT_MS,
  };
  const fleet: CamundaFleetSettings = {
    nodes: [
      {
        index: 1,
        name: config.CAMUNDA_NODE_NAME,
        url: config.CAMUNDA_REST_URL,
        username: config.CAMUNDA_API_USER,
        password: config.CAMUNDA_API_PASSWORD,
      },
    ],
    requestTimeoutMs: config.CAMUNDA_REQUEST_TIMEOUT_MS,
  };
  const runtime: WorkerRuntimeSettings = {
    maxTasks: config.CAMUNDA_CLIENT_MAX_TASKS,
    concurrencyPerTopic: config.WORKER_TOPIC_CONCURRENCY,
    lockDurationMs: config.CAMUNDA_CLIENT_LOCK_DURATION,
    asyncResponseTimeoutMs: config.CAMUNDA_CLIENT_ASYNC_RESPONSE_TIMEOUT,
    usePriority: config.CAMUNDA_CLIENT_USE_PRIORITY,
    pollIntervalMs: config.WORKER_POLL_INTERVAL_MS,
    lockExtendPercent: config.WORKER_LOCK_EXTEND_PERCENT,
    retries: config.WORKER_TASK_RETRIES,
    retryBackoff: { baseMs: config.WORKER_RETRY_BASE_MS, maxMs: config.WORKER_RETRY_MAX_MS },
    fetchBackoff: { baseMs: config.WORKER_FETCH_BACKOFF_BASE_MS, maxMs: config.WORKER_FETCH_BACKOFF_MAX_MS },
  };
  const shutdown: ShutdownSettings = {
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handlerGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
  };
  const handlers: HandlerSettings = {
    topics: config.WORKER_TOPICS,
    fareModel: {
      // No retries: a failed call sends the refund to a human at once instead of holding the task.
      llm: llmClientSettings(
        {
          ...config,
          LLM_MAX_RETRIES: 0,
          LLM_RETRY_BASE_MS: 1,
          LLM_MAX_OUTPUT_TOKENS: FARE_ANSWER_MAX_TOKENS,
        },
        {
          inputUsdPerMTok: config.LLM_PRICE_INPUT_PER_MTOK,
          outputUsdPerMTok: config.LLM_PRICE_OUTPUT_PER_MTOK,
        },
      ),
      cacheSize: config.LLM_CACHE_SIZE,
      cacheTtlMs: config.LLM_CACHE_TTL_MS,
      ratePerMinute: config.LLM_RATE_LIMIT_PER_MINUTE,
      rateLimitWaitMs: config.LLM_TIMEOUT_MS,
    },
    paymentGateway: config.PAYMENT_GATEWAY_URL
      ? { url: config.PAYMENT_GATEWAY_URL, timeoutMs: config.PAYMENT_GATEWAY_TIMEOUT_MS }
      : null,
    emailVerificationTtlMs: config.EMAIL_VERIFICATION_TTL_MS,
  };
  return { camunda, fleet, runtime, shutdown, handlers };
}

export function workersSettingsProviders(config: WorkersConfig): Provider[] {
  const slices = workersSettings(config);
  return [
    { provide: CamundaWorkerSettings, useValue: slices.camunda },
    { provide: CamundaFleetSettings, useValue: slices.fleet },
    { provide: WorkerRuntimeSettings, useValue: slices.runtime },
    { provide: ShutdownSettings, useValue: slices.shutdown },
    { provide: HandlerSettings, useValue: slices.handlers },
  ];
}
