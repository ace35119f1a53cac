import { z } from 'zod';
import {
  boolean,
  camundaSharedSettings,
  commonSettings,
  csvList,
  databaseSettings,
  httpUrl,
  integer,
  kafkaSettings,
  positiveNumber,
} from '@flowpilot/shared';

/** Kept at the end of the shutdown for closing Kafka and the database pool. */
export const SHUTDOWN_CLOSE_MARGIN_MS = 1_000;
/** Kept before the close margin for sending the last worker events, however long reports take. */
export const WORKER_EVENTS_DRAIN_BUDGET_MS = 500;

/** Every setting workers reads, validated at start-up (see docs/workers.md, "Settings"). */
export const WorkersConfigSchema = z
  .object({
    ...commonSettings,
    ...kafkaSettings,
    ...databaseSettings,
    ...camundaSharedSettings,
    HTTP_PORT: integer(3005, 1, 65535),

    // The engine this worker serves; the names are the ones existing .env files already use.
    CAMUNDA_REST_URL: httpUrl().default('http://127.0.0.1:8080/engine-rest'),
    /** Node id stamped on worker.* events (the collector's CAMUNDA_NODE_<n>_NAME for the same engine). */
    CAMUNDA_NODE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .default('node1'),
    CAMUNDA_CLIENT_ID: z.string().min(1).max(255).default('flowpilot-workers'),
    CAMUNDA_CLIENT_MAX_TASKS: integer(10, 1, 1_000),
    CAMUNDA_CLIENT_LOCK_DURATION: integer(30_000, 1_000, 86_400_000),
    /** Long polling: how long Camunda holds an empty fetchAndLock open; 0 turns long polling off. */
    CAMUNDA_CLIENT_ASYNC_RESPONSE_TIMEOUT: integer(10_000, 0, 1_800_000),
    CAMUNDA_CLIENT_USE_PRIORITY: boolean(true),

    /** Topics to subscribe; empty means every registered handler. */
    WORKER_TOPICS: csvList(''),
    /** Tasks of one topic handled at the same time. */
    WORKER_TOPIC_CONCURRENCY: integer(8, 1, 1_000),
    /** Extend the lock once this percentage of it has passed while the handler still runs. */
    WORKER_LOCK_EXTEND_PERCENT: integer(50, 10, 90),
    /** Retries a task gets on its first technical failure (each later failure decrements Camunda's count). */
    WORKER_TASK_RETRIES: integer(3, 0, 100),
    WORKER_RETRY_BASE_MS: integer(1_000, 0, 3_600_000),
    WORKER_RETRY_MAX_MS: integer(300_000, 0, 86_400_000),
    WORKER_FETCH_BACKOFF_BASE_MS: integer(500, 10, 60_000),
    WORKER_FETCH_BACKOFF_MAX_MS: integer(30_000, 100, 600_000),
    /** Pause after an empty fetch when long polling is off. */
    WORKER_POLL_INTERVAL_MS: integer(300, 0, 60_000),
    /** On shutdown: how long in-flight handlers may finish before their tasks are unlocked. */
    WORKER_SHUTDOWN_GRACE_MS: integer(8_000, 0, 120_000),

    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: httpUrl().optional(),
    OPENAI_MODEL: z.string().min(1).max(100).default('gpt-4o-mini'),
    LLM_TIMEOUT_MS: integer(10_000, 100, 120_000),
    LLM_RATE_LIMIT_PER_MINUTE: integer(60, 1, 100_000),
    LLM_CACHE_SIZE: integer(1_000, 0, 1_000_000),
    LLM_CACHE_TTL_MS: integer(3_600_000, 0, 604_800_000),
    /** USD per million tokens, for the estimated-cost metric (gpt-4o-mini list prices). */
    LLM_PRICE_INPUT_PER_MTOK: positiveNumber(0.15),
    LLM_PRICE_OUTPUT_PER_MTOK: positiveNumber(0.6),

    /** Refund payment API (POST /refunds); unset: refunds are recorded for the finance ledger instead. */
    PAYMENT_GATEWAY_URL: httpUrl().optional(),
    PAYMENT_GATEWAY_TIMEOUT_MS: integer(5_000, 100, 60_000),

    EMAIL_VERIFICATION_TTL_MS: integer(86_400_000, 60_000, 2_592_000_000),
  })
  .refine(
    (c) =>
      c.WORKER_SHUTDOWN_GRACE_MS + WORKER_EVENTS_DRAIN_BUDGET_MS + SHUTDOWN_CLOSE_MARGIN_MS <
      c.SHUTDOWN_TIMEOUT_MS,
    {
      path: ['WORKER_SHUTDOWN_GRACE_MS'],
      message: `WORKER_SHUTDOWN_GRACE_MS + the worker-event drain budget (${WORKER_EVENTS_DRAIN_BUDGET_MS} ms) + the close margin (${SHUTDOWN_CLOSE_MARGIN_MS} ms) must be shorter than SHUTDOWN_TIMEOUT_MS, so tasks are unlocked and the last worker events sent before the process exits`,
    },
  )
  .refine((c) => c.WORKER_FETCH_BACKOFF_BASE_MS <= c.WORKER_FETCH_BACKOFF_MAX_MS, {
    path: ['WORKER_FETCH_BACKOFF_BASE_MS'],
    message: 'must not exceed WORKER_FETCH_BACKOFF_MAX_MS',
  });

export type WorkersConfig = z.output<typeof WorkersConfigSchema>;
