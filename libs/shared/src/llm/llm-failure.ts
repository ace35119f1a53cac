import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { redact } from '../config/secret-redactor';
import { sliceWhole } from '../text/whole-characters';

export type LlmFailureKind = 'timeout' | 'rate-limited' | 'error' | 'invalid-answer';

/**
 * Why a call gave no usable answer. `transient` failures (timeouts, 429, 5xx,
 * connection errors) may succeed on retry and are retried within the budget;
 * the others are a verdict on this request (400, 401, 404, an answer that is
 * not what was asked for) and end the call at once.
 */
export interface LlmFailure {
  kind: LlmFailureKind;
  transient: boolean;
  /** Safe to log and publish: the class of failure and status only, redacted. */
  reason: string;
}

export const TIMED_OUT: LlmFailure = {
  kind: 'timeout',
  transient: true,
  reason: 'the LLM did not answer in time',
};

/** Reasons end up in bounded contract fields (an analysis note is at most 500 characters). */
export const MAX_REASON_CHARS = 300;

export function invalidAnswer(reason: string): LlmFailure {
  return { kind: 'invalid-answer', transient: false, reason: boundedText(redact(reason), MAX_REASON_CHARS) };
}

/**
 * Text from an answer (a key name, a path) made safe to carry in a reason: no control characters,
 * at most `max` characters, and never half a character (a lone surrogate is invalid in jsonb and XML).
 */
export function boundedText(text: string, max: number): string {
  return sliceWhole(text.replace(/\p{Cc}/gu, ' '), max);
}

/** SDK error → failure. Provider error bodies and SDK messages can echo request data, so they never leave. */
export function classifyLlmError(error: unknown): LlmFailure {
  if (error instanceof APIConnectionTimeoutError) return TIMED_OUT;
  if (error instanceof APIError && error.status === 429)
    return { kind: 'rate-limited', transient: true, reason: 'the LLM answered 429 (rate limited)' };
  if (error instanceof APIError && error.status)
    return {
      kind: 'error',
      transient: error.status >= 500 || error.status === 408,
      reason: `the LLM answered HTTP ${error.status}`,
    };
  const name = error instanceof Error ? error.name : 'unknown error';
  return {
    kind: 'error',
    transient: error instanceof APIConnectionError,
    reason: redact(`the LLM call failed (${name})`),
  };
}
