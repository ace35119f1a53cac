import { z } from 'zod';
import {
  commonSettings,
  databaseSettings,
  integer,
  kafkaSettings,
  withCamundaNodes,
} from '@flowpilot/shared';
import { openAiSettings } from '@flowpilot/shared/llm';

const ratio = (defaultValue: number) => z.coerce.number().min(0).max(1).default(defaultValue);
const price = (defaultValue: number) => z.coerce.number().min(0).max(1_000).default(defaultValue);

/** Every setting incident-ai reads, validated at start-up (see docs/incident-ai.md, "Settings"). */
export const IncidentAiConfigSchema = withCamundaNodes(
  {
    ...commonSettings,
    ...kafkaSettings,
    ...databaseSettings,
    HTTP_PORT: integer(3003, 1, 65535),
    /** Without a key the analysis is rule-based only, and says so. */
    ...openAiSettings,
    LLM_TIMEOUT_MS: integer(20_000, 100, 300_000),
    LLM_MAX_RETRIES: integer(2, 0, 10),
    LLM_RETRY_BASE_MS: integer(500, 1, 60_000),
    LLM_RATE_LIMIT_PER_MINUTE: integer(30, 1, 10_000),
    LLM_MAX_PROMPT_CHARS: integer(6_000, 500, 100_000),
    LLM_MAX_OUTPUT_TOKENS: integer(800, 50, 16_000),
    LLM_PROMPT_COST_PER_1K_TOKENS: price(0.00015),
    LLM_COMPLETION_COST_PER_1K_TOKENS: price(0.0006),
    /** Rule verdicts below this confidence are sent to the LLM (when a key is set). */
    LLM_RULE_CONFIDENCE_THRESHOLD: ratio(0.7),
    MODEL_CACHE_SIZE: integer(200, 1, 100_000),
    PATTERN_TREND_WINDOW_HOURS: integer(24, 1, 24 * 90),
  },
  { required: false },
);

export type IncidentAiConfig = z.output<typeof IncidentAiConfigSchema>;
