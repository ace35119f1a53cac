import type { ZodType } from 'zod';
import { boundedText, invalidAnswer, LlmFailure } from './llm-failure';

export type ParsedLlmJson<T> = { ok: true; value: T } | { ok: false; failure: LlmFailure };

/**
 * An answer → a typed value, or the reason it is not one. Size first (a huge
 * answer is not read), then JSON (a code fence around it is tolerated: models
 * add one despite `response_format`), then the caller's schema.
 */
export function parseLlmJson<T>(
  content: string,
  schema: ZodType<T>,
  options: { maxAnswerChars: number; prepare?: (json: unknown) => unknown },
): ParsedLlmJson<T> {
  if (content.length > options.maxAnswerChars)
    return {
      ok: false,
      failure: invalidAnswer(`the LLM answer was longer than ${options.maxAnswerChars} characters`),
    };
  let json: unknown;
  try {
    json = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return { ok: false, failure: invalidAnswer('the LLM answer was not JSON') };
  }
  const parsed = schema.safeParse(options.prepare ? options.prepare(json) : json);
  if (parsed.success) return { ok: true, value: parsed.data };
  // Paths and the schema's own messages (they describe the rule, not the value), each bounded.
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${boundedText(i.path.join('.'), 100) || '(root)'}: ${boundedText(i.message, 200)}`);
  return { ok: false, failure: invalidAnswer(`the LLM answer failed the schema (${issues.join('; ')})`) };
}
