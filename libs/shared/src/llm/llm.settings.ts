import { z } from 'zod';
import { httpUrl } from '../config/settings';
import { maxBackoffMs } from './llm-backoff';

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
 * The longest one `complete` call can take: every attempt times out and every
 * backoff is at its ceiling. The client also stops retrying when the next
 * attempt would not fit (a long Retry-After), so this is a hard bound a caller
 * can compare with how long its own caller waits.
 */
export function llmCallBudgetMs(
  settings: Pick<LlmClientSettings, 'timeoutMs' | 'maxRetries' | 'retryBaseMs'>,
): number {
  let total = settings.timeoutMs * (settings.maxRetries + 1);
  for (let attempt = 1; attempt <= settings.maxRetries; attempt++)
    total += maxBackoffMs(attempt, settings.retryBaseMs);
  return total;
}
