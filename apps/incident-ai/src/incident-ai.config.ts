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
const pricePerMTok = z.coerce.number().min(0).max(1_000_000).optional();
const pricePer1K = z.coerce.number().min(0).max(1_000).optional();

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
    /** USD per million tokens, for the cost metric (default 0.15 in, 0.6 out; see `incidentAiLlmPrices`). */
    LLM_PRICE_INPUT_PER_MTOK: pricePerMTok,
    LLM_PRICE_OUTPUT_PER_MTOK: pricePerMTok,
    /** Deprecated aliases (USD per 1K tokens), read only when the per-MTok setting is not set. */
    LLM_PROMPT_COST_PER_1K_TOKENS: pricePer1K,
    LLM_COMPLETION_COST_PER_1K_TOKENS: pricePer1K,
    /** Rule verdicts below this confidence are sent to the LLM (when a key is set). */
    LLM_RULE_CONFIDENCE_THRESHOLD: ratio(0.7),
    MODEL_CACHE_SIZE: integer(200, 1, 100_000),
    PATTERN_TREND_WINDOW_HOURS: integer(24, 1, 24 * 90),
  },
  { required: false },
);

export type IncidentAiConfig = z.output<typeof IncidentAiConfigSchema>;

const DEFAULT_PRICES = { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 };

/**
 * USD per million tokens. `LLM_PRICE_*_PER_MTOK` as in the other LLM-backed services; the older
 * per-1K names are still accepted (×1000) when the new one is not set.
 */
export function incidentAiLlmPrices(
  config: Pick<
    IncidentAiConfig,
    | 'LLM_PRICE_INPUT_PER_MTOK'
    | 'LLM_PRICE_OUTPUT_PER_MTOK'
    | 'LLM_PROMPT_COST_PER_1K_TOKENS'
    | 'LLM_COMPLETION_COST_PER_1K_TOKENS'
  >,
): { inputUsdPerMTok: number; outputUsdPerMTok: number } {
  const perMTok = (current: number | undefined, per1K: number | undefined, fallback: number) =>
    current ?? (per1K === undefined ? fallback : per1K * 1_000);
  return {
    inputUsdPerMTok: perMTok(
      config.LLM_PRICE_INPUT_PER_MTOK,
      config.LLM_PROMPT_COST_PER_1K_TOKENS,
      DEFAULT_PRICES.inputUsdPerMTok,
    ),
    outputUsdPerMTok: perMTok(
      config.LLM_PRICE_OUTPUT_PER_MTOK,
      config.LLM_COMPLETION_COST_PER_1K_TOKENS,
      DEFAULT_PRICES.outputUsdPerMTok,
    ),
  };
}
