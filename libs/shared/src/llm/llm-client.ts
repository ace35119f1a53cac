import OpenAI, { APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ZodType } from 'zod';
import { jitteredBackoffMs } from '../scheduling/backoff';
import { llmBackoffBounds, retryAfterMs } from './llm-backoff';
import { LlmClientEvents } from './llm-client.events';
import { classifyLlmError, LlmFailure, TIMED_OUT } from './llm-failure';
import { parseLlmJson } from './llm-json';
import { llmCallBudgetMs, LlmClientSettings } from './llm.settings';

export interface LlmMessage {
  role: 'system' | 'user';
  content: string;
}

/** What the answer must be: free text, any JSON object, or JSON following a schema (structured output). */
export type LlmAnswerFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> };

export interface LlmRequest {
  messages: LlmMessage[];
  format: LlmAnswerFormat;
  /** Overrides the settings' cap (a one-word answer needs a handful of tokens). */
  maxOutputTokens?: number;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export type LlmReply = { ok: true; content: string; usage: LlmUsage } | { ok: false; failure: LlmFailure };
type AttemptReply =
  | { ok: true; content: string; usage: LlmUsage }
  | { ok: false; failure: LlmFailure; retryAfterMs: number | null };

export type LlmJsonReply<T> = { ok: true; value: T; usage: LlmUsage } | { ok: false; failure: LlmFailure };

export interface JsonAnswerOptions {
  /** Answers longer than this are rejected unread (a steered model can be made to ramble). */
  maxAnswerChars: number;
  /** Runs on the parsed JSON before the schema, e.g. to impose fields that are the caller's, not the model's. */
  prepare?: (json: unknown) => unknown;
}

/**
 * The one OpenAI SDK wrapper: a deadline per attempt, retries of transient
 * failures with jittered backoff (or the server's Retry-After) inside a total
 * budget (`llmCallBudgetMs`), token and cost events, and failures reduced to
 * a kind and a redacted reason. The SDK's own retries are off.
 */
export class LlmClient {
  private readonly openai: OpenAI;
  private readonly budgetMs: number;

  constructor(
    private readonly settings: LlmClientSettings,
    private readonly events: LlmClientEvents = new LlmClientEvents(),
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {
    this.openai = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseUrl, maxRetries: 0 });
    this.budgetMs = llmCallBudgetMs(settings);
  }

  get model(): string {
    return this.settings.model;
  }

  async complete(request: LlmRequest): Promise<LlmReply> {
    const startedAt = Date.now();
    let attempts = 0;
    let reply: AttemptReply;
    for (;;) {
      attempts += 1;
      reply = await this.attempt(request, this.settings.timeoutMs);
      if (reply.ok || !reply.failure.transient || attempts > this.settings.maxRetries) break;
      const delayMs =
        reply.retryAfterMs ?? jitteredBackoffMs(attempts, llmBackoffBounds(this.settings.retryBaseMs));
      // A retry whose deadline would fall after the budget, measured on the wall clock from the call's
      // start (a long Retry-After, a stalled event loop), is not started: the caller's caller is waiting.
      const elapsedMs = Date.now() - startedAt;
      if (elapsedMs + delayMs + this.settings.timeoutMs > this.budgetMs) break;
      this.events.emit('retrying', {
        model: this.model,
        attempt: attempts,
        delayMs,
        reason: reply.failure.reason,
      });
      await this.wait(delayMs);
    }
    const result: LlmReply = reply.ok ? reply : { ok: false, failure: reply.failure };
    this.events.emit('called', {
      model: this.model,
      outcome: result.ok ? 'answered' : result.failure.kind,
      durationMs: Date.now() - startedAt,
      attempts,
    });
    return result;
  }

  /** `complete`, then the answer parsed as JSON and validated by `schema`; anything else is an invalid answer. */
  async completeJson<T>(
    request: LlmRequest,
    schema: ZodType<T>,
    options: JsonAnswerOptions,
  ): Promise<LlmJsonReply<T>> {
    const reply = await this.complete(request);
    if (!reply.ok) return reply;
    const parsed = parseLlmJson(reply.content, schema, options);
    return parsed.ok
      ? { ok: true, value: parsed.value, usage: reply.usage }
      : { ok: false, failure: parsed.failure };
  }

  private async attempt(request: LlmRequest, timeoutMs: number): Promise<AttemptReply> {
    // The deadline is ours, so a timeout is recognised the same way whatever the SDK makes of the abort.
    const signal = AbortSignal.timeout(Math.max(timeoutMs, 1));
    try {
      const completion = await this.openai.chat.completions.create(this.body(request), {
        signal,
        timeout: timeoutMs,
      });
      const usage = this.usageOf(
        completion.usage?.prompt_tokens ?? 0,
        completion.usage?.completion_tokens ?? 0,
      );
      return { ok: true, content: completion.choices[0]?.message?.content ?? '', usage };
    } catch (error) {
      if (signal.aborted) return { ok: false, failure: TIMED_OUT, retryAfterMs: null };
      const headers = error instanceof APIError ? error.headers : undefined;
      return { ok: false, failure: classifyLlmError(error), retryAfterMs: retryAfterMs(headers) };
    }
  }

  private body(request: LlmRequest): ChatCompletionCreateParamsNonStreaming {
    const { format } = request;
    return {
      model: this.model,
      messages: request.messages,
      temperature: 0,
      max_tokens: request.maxOutputTokens ?? this.settings.maxOutputTokens,
      ...(format.type === 'text'
        ? {}
        : format.type === 'json_object'
          ? { response_format: { type: 'json_object' } }
          : {
              // Non-strict: OpenAI-compatible servers reject strict schemas they cannot enforce.
              response_format: {
                type: 'json_schema',
                json_schema: { name: format.name, schema: format.schema, strict: false },
              },
            }),
    };
  }

  private usageOf(promptTokens: number, completionTokens: number): LlmUsage {
    const costUsd =
      (promptTokens * this.settings.inputUsdPerMTok + completionTokens * this.settings.outputUsdPerMTok) /
      1_000_000;
    this.events.emit('usage', { model: this.model, promptTokens, completionTokens, costUsd });
    return { promptTokens, completionTokens, costUsd };
  }
}
