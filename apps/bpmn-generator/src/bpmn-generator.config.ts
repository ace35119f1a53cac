import { z } from 'zod';
import {
  commonSettings,
  databaseSettings,
  httpUrl,
  integer,
  kafkaSettings,
  withCamundaNodes,
} from '@flowpilot/shared';
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
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: httpUrl().optional(),
    OPENAI_MODEL: z.string().min(1).max(100).default('gpt-4o-mini'),
    LLM_TIMEOUT_MS: integer(30_000, 100, 300_000),
    LLM_MAX_OUTPUT_TOKENS: integer(4_000, 200, 32_000),
  },
  { required: false },
);

export type BpmnGeneratorConfig = z.output<typeof BpmnGeneratorConfigSchema>;
