import { LLM_ATTEMPT_SETTLE_MS, llmCallBudgetMs, llmClientSettings } from './llm.settings';

const config = {
  OPENAI_API_KEY: 'sk-test',
  OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
  OPENAI_MODEL: 'm',
  LLM_TIMEOUT_MS: 10_000,
  LLM_MAX_RETRIES: 1,
  LLM_RETRY_BASE_MS: 1_000,
  LLM_MAX_OUTPUT_TOKENS: 500,
};

describe('LLM settings', () => {
  it('bounds a whole call: every attempt timing out and settling, every backoff at its ceiling', () => {
    expect(llmCallBudgetMs({ timeoutMs: 10_000, maxRetries: 0, retryBaseMs: 1_000 })).toBe(
      10_000 + LLM_ATTEMPT_SETTLE_MS,
    );
    expect(llmCallBudgetMs({ timeoutMs: 10_000, maxRetries: 2, retryBaseMs: 1_000 })).toBe(
      33_000 + 3 * LLM_ATTEMPT_SETTLE_MS,
    );
  });

  it('builds client settings from a service config, and none without a key', () => {
    const prices = { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 };

    expect(llmClientSettings(config, prices)).toEqual({
      apiKey: 'sk-test',
      baseUrl: 'http://127.0.0.1:1/v1',
      model: 'm',
      timeoutMs: 10_000,
      maxRetries: 1,
      retryBaseMs: 1_000,
      maxOutputTokens: 500,
      ...prices,
    });
    expect(llmClientSettings({ ...config, OPENAI_API_KEY: undefined }, prices)).toBeNull();
  });
});
