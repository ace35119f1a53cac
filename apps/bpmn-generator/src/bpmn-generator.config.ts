import { z } from 'zod';
import {
  commonSettings,
  databaseSettings,
  integer,
  kafkaSettings,
  withCamundaNodes,
} from '@flowpilot/shared';
import { llmCallBudgetMs, openAiSettings } from '@flowpilot/shared/llm';
import { isoDuration } from './graph/process-graph';

/** Every setting bpmn-generator reads, validated at start-up (see docs/bpmn-generator.md, "Settings"). */
export const BpmnGeneratorConfigSchema = withCamundaNodes(
  {
    ...commonSettings,
    ...kafkaSettings,
    ...databaseSettings,
    HTTP_PORT: integer(3004, 1, 65535),
    /** camunda:historyTimeToLive written on every generated process (Camunda 7.20+ requires one). */
    BPMN_HISTORY_TTL_DAYS: integer(180, 1, 36_500),
    /** Retry interval when a description says "retry N times" without saying how often. */
    BPMN_DEFAULT_RETRY_INTERVAL: isoDuration.default('PT1M'),
    /** Retries the error-boundaries enhancement gives service tasks. */
    BPMN_ENHANCE_RETRIES: integer(3, 1, 20),
    /** Deadline the sla-timers enhancement puts on user tasks that have none. */
    BPMN_ENHANCE_SLA: isoDuration.default('P2D'),
    /** Without a key the offline parser answers every description. */
    ...openAiSettings,
    LLM_TIMEOUT_MS: integer(10_000, 100, 300_000),
    LLM_MAX_RETRIES: integer(1, 0, 5),
    LLM_RETRY_BASE_MS: integer(1_000, 1, 30_000),
    LLM_MAX_OUTPUT_TOKENS: integer(4_000, 200, 32_000),
    LLM_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).default(0.15),
    LLM_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0.6),
    /** How long the asker (the gateway) waits for a reply: the gateway's setting of the same name. */
    BPMN_REQUEST_TIMEOUT_MS: integer(30_000, 1_000, 600_000),
    /** Part of that wait kept for parsing, building, linting, storing and replying after the LLM. */
    BPMN_PROCESSING_RESERVE_MS: integer(5_000, 500, 120_000),
  },
  { required: false },
).refine(
  (c) =>
    !c.OPENAI_API_KEY ||
    llmCallBudgetMs({
      timeoutMs: c.LLM_TIMEOUT_MS,
      maxRetries: c.LLM_MAX_RETRIES,
      retryBaseMs: c.LLM_RETRY_BASE_MS,
    }) <=
      c.BPMN_REQUEST_TIMEOUT_MS - c.BPMN_PROCESSING_RESERVE_MS,
  {
    path: ['LLM_TIMEOUT_MS'],
    message:
      'the LLM budget, LLM_TIMEOUT_MS × (LLM_MAX_RETRIES + 1) plus the backoffs (LLM_RETRY_BASE_MS doubling) and 0.5 s per attempt to settle an abort, must fit in BPMN_REQUEST_TIMEOUT_MS − BPMN_PROCESSING_RESERVE_MS: otherwise the gateway gives up before the reply',
  },
);

export type BpmnGeneratorConfig = z.output<typeof BpmnGeneratorConfigSchema>;
