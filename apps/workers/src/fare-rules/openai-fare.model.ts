import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { ChatMessage } from './fare-prompt.builder';
import { LlmCallOutcome } from './llm-events';

export interface FareModelAnswer {
  content: string | null;
  promptTokens: number;
  completionTokens: number;
}

export class FareModelError extends Error {
  constructor(
    readonly outcome: Exclude<LlmCallOutcome, 'success' | 'invalid-answer'>,
    message: string,
  ) {
    super(message);
    this.name = 'FareModelError';
  }
}

export interface OpenAiFareModelSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

/**
 * The chat-completions call of seed 004 through the OpenAI SDK (any
 * compatible server via OPENAI_BASE_URL). The SDK's own retries are off: a
 * failed call falls back to MANUAL at once instead of holding the task.
 */
export class OpenAiFareModel {
  private readonly client: OpenAI;

  constructor(private readonly settings: OpenAiFareModelSettings) {
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs + 1_000,
      maxRetries: 0,
    });
  }

  get model(): string {
    return this.settings.model;
  }

  async ask(messages: ChatMessage[]): Promise<FareModelAnswer> {
    // Our own deadline: the SDK reports an aborted request as a connection error, not always as a timeout.
    const deadline = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const response = await this.client.chat.completions.create(
        { model: this.settings.model, messages, max_tokens: 10, temperature: 0 },
        { signal: deadline },
      );
      return {
        content: response.choices?.[0]?.message?.content ?? null,
        promptTokens: response.usage?.prompt_tokens ?? 0,
        completionTokens: response.usage?.completion_tokens ?? 0,
      };
    } catch (error) {
      if (deadline.aborted) throw new FareModelError('timeout', 'LLM call timed out');
      throw classify(error);
    }
  }
}

/** Messages name the failure class and status only: provider error bodies may echo request data. */
function classify(error: unknown): FareModelError {
  if (error instanceof APIConnectionTimeoutError) return new FareModelError('timeout', 'LLM call timed out');
  if (error instanceof APIError) {
    if (error.status === 429) return new FareModelError('rate-limited', 'LLM provider rate limit (HTTP 429)');
    if (error.status) return new FareModelError('error', `LLM provider answered HTTP ${error.status}`);
    return new FareModelError('error', `LLM provider unreachable (${error.constructor.name})`);
  }
  return new FareModelError('error', `LLM call failed (${(error as Error)?.name ?? 'unknown error'})`);
}
