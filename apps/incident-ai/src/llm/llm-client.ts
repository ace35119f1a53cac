import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { LlmEvents } from './llm.events';

export interface LlmSettings {
  apiKey: string;
  /** Any OpenAI-compatible server (Azure OpenAI, vLLM, Ollama); the SDK default when absent. */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  maxOutputTokens: number;
  promptCostPer1k: number;
  completionCostPer1k: number;
}

export type LlmCallResult =
  { ok: true; content: string } | { ok: false; kind: 'timeout' | 'rate-limited' | 'error'; reason: string };

const MAX_RETRY_AFTER_MS = 10_000;

/**
 * One chat completion with a JSON answer: a timeout per attempt, and retries
 * with exponential backoff (or the server's Retry-After) on 429, 5xx and
 * timeouts. Usage is reported as token and cost events.
 */
export class LlmClient {
  private readonly openai: OpenAI;

  constructor(
    private readonly settings: LlmSettings,
    private readonly events: LlmEvents,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    // The SDK's own retries are off: these are counted, capped and logged here.
    this.openai = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      maxRetries: 0,
    });
  }

  get model(): string {
    return this.settings.model;
  }

  async complete(messages: ChatCompletionMessageParam[]): Promise<LlmCallResult> {
    let last: LlmCallResult = { ok: false, kind: 'error', reason: 'not attempted' };
    for (let attempt = 1; attempt <= this.settings.maxRetries + 1; attempt++) {
      // The deadline is ours, so a timeout is recognised the same way whatever the SDK makes of the abort.
      const deadline = AbortSignal.timeout(this.settings.timeoutMs);
      try {
        const completion = await this.openai.chat.completions.create(
          {
            model: this.settings.model,
            messages,
            temperature: 0,
            max_tokens: this.settings.maxOutputTokens,
            response_format: { type: 'json_object' },
          },
          { signal: deadline },
        );
        this.reportUsage(completion.usage?.prompt_tokens ?? 0, completion.usage?.completion_tokens ?? 0);
        return { ok: true, content: completion.choices[0]?.message?.content ?? '' };
      } catch (error) {
        last = deadline.aborted
          ? { ok: false, kind: 'timeout', reason: 'the LLM did not answer in time' }
          : classify(error);
        const retryable =
          last.kind !== 'error' ||
          error instanceof APIConnectionError ||
          (error instanceof APIError && (error.status ?? 0) >= 500);
        if (!retryable || attempt > this.settings.maxRetries) return last;
        const delayMs =
          retryAfterMs(error) ?? this.settings.retryBaseMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
        this.events.emit('retrying', { model: this.settings.model, attempt, delayMs, reason: last.reason });
        await this.sleep(delayMs);
      }
    }
    return last;
  }

  private reportUsage(promptTokens: number, completionTokens: number): void {
    const costUsd =
      (promptTokens / 1000) * this.settings.promptCostPer1k +
      (completionTokens / 1000) * this.settings.completionCostPer1k;
    this.events.emit('usage', { model: this.settings.model, promptTokens, completionTokens, costUsd });
  }
}

function classify(error: unknown): Extract<LlmCallResult, { ok: false }> {
  if (error instanceof APIConnectionTimeoutError)
    return { ok: false, kind: 'timeout', reason: 'the LLM did not answer in time' };
  if (error instanceof APIError && error.status === 429)
    return { ok: false, kind: 'rate-limited', reason: 'the LLM answered 429 (rate limited)' };
  if (error instanceof APIError && error.status)
    return { ok: false, kind: 'error', reason: `the LLM answered HTTP ${error.status}` };
  // Only the class of failure leaves this process: SDK messages can echo request details.
  return {
    ok: false,
    kind: 'error',
    reason: `the LLM call failed (${error instanceof Error ? error.name : 'unknown error'})`,
  };
}

function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof APIError) || !error.headers) return null;
  const value = error.headers.get('retry-after-ms') ?? null;
  if (value && Number.isFinite(Number(value))) return Math.min(MAX_RETRY_AFTER_MS, Number(value));
  const seconds = error.headers.get('retry-after');
  if (seconds && Number.isFinite(Number(seconds)))
    return Math.min(MAX_RETRY_AFTER_MS, Number(seconds) * 1000);
  return null;
}
