import { z } from 'zod';
import { httpUrl } from '../config/settings';
import { backoffCeilingMs } from '../scheduling/backoff';
import { llmBackoffBounds } from './llm-backoff';

/** The settings every LLM-backed service reads under the same names (see each service's docs page). */
export const openAiSettings = {
  /** Without a key the service's offline path answers everything. Secret: never logged. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any OpenAI-compatible server (Azure OpenAI, vLLM, Ollama); the SDK default when absent. */
  OPENAI_BASE_URL: httpUrl().optional(),
  OPENAI_MODEL: z.string().min(1).max(100).default('gpt-4o-mini'),
};

export interface LlmClientSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** One attempt's deadline. */
  timeoutMs: number;
  /** Attempts after the first, for transient failures only. */
  maxRetries: number;
  /** First retry's backoff ceiling; each further retry doubles it (equal jitter). */
  retryBaseMs: number;
  maxOutputTokens: number;
  /** USD per million tokens, for the cost metric. */
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

/** The `openAiSettings` values plus the LLM settings every LLM-backed service has under these names. */
export interface LlmSettingValues {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL: string;
  LLM_TIMEOUT_MS: number;
  LLM_MAX_RETRIES: number;
  LLM_RETRY_BASE_MS: number;
  LLM_MAX_OUTPUT_TOKENS: number;
}

/** Client settings from a service's validated config and its prices; null without a key (no key, no LLM). */
export function llmClientSettings(
  config: LlmSettingValues,
  prices: Pick<LlmClientSettings, 'inputUsdPerMTok' | 'outputUsdPerMTok'>,
): LlmClientSettings | null {
  if (!config.OPENAI_API_KEY) return null;
  return {
    apiKey: config.OPENAI_API_KEY,
    baseUrl: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
    retryBaseMs: config.LLM_RETRY_BASE_MS,
    maxOutputTokens: config.LLM_MAX_OUTPUT_TOKENS,
    ...prices,
  };
}

/**
 * Per attempt, time allowed beyond its timeout for the abort to fire and settle on a busy event loop (a
 * few hundred ms on a loaded 2-core machine), so that scheduling delay does not cost the last retry.
 */
export const LLM_ATTEMPT_SETTLE_MS = 500;

/**
 * The wall-clock budget of one `complete` call: every attempt times out (plus `LLM_ATTEMPT_SETTLE_MS`)
 * and every backoff is at its ceiling. What it bounds: the client measures the time elapsed since the
 * call started and starts no attempt whose own deadline would fall after the budget, so the last attempt
 * is aborted by the budget's end. The call can still end later by however long that abort takes to settle
 * (the event loop's delay); compare it with how long the caller's caller waits, keeping that margin.
 */
export function llmCallBudgetMs(
  settings: Pick<LlmClientSettings, 'timeoutMs' | 'maxRetries' | 'retryBaseMs'>,
): number {
  let total = (settings.timeoutMs + LLM_ATTEMPT_SETTLE_MS) * (settings.maxRetries + 1);
  for (let attempt = 1; attempt <= settings.maxRetries; attempt++)
    total += backoffCeilingMs(attempt, llmBackoffBounds(settings.retryBaseMs));
  return total;
}
