import type { RuleContext, RuleVerdict } from '../rules/rule';
import { guardLlmAnswer } from './llm-answer.guard';
import { LlmAnswer, LlmAnswerSchema } from './llm-answer.schema';
import { LlmClient } from './llm-client';
import { buildPrompt } from './llm-prompt.util';
import { LlmEvents, LlmOutcomeKind } from './llm.events';
import { RollingRateLimiter } from './rate-limiter.util';

export type LlmOutcome =
  { status: 'answered'; answer: LlmAnswer; model: string } | { status: 'not-used'; note: string };

/** Asks the LLM about an incident the rules could not explain with confidence; any failure leaves the rule verdict. */
export class LlmAnalyst {
  constructor(
    private readonly client: LlmClient,
    private readonly limiter: RollingRateLimiter,
    private readonly events: LlmEvents,
    private readonly maxPromptChars: number,
  ) {}

  get model(): string {
    return this.client.model;
  }

  async explain(context: RuleContext, verdict: RuleVerdict): Promise<LlmOutcome> {
    if (!this.limiter.tryAcquire()) {
      this.events.emit('skipped', { reason: 'rate-limit' });
      return {
        status: 'not-used',
        note: 'LLM rate limit reached (LLM_RATE_LIMIT_PER_MINUTE); the rule-based analysis stands.',
      };
    }
    const started = Date.now();
    const outcome = await this.ask(context, verdict);
    this.events.emit('requested', {
      model: this.client.model,
      outcome: outcome.kind,
      durationMs: Date.now() - started,
    });
    return outcome.result;
  }

  private async ask(
    context: RuleContext,
    verdict: RuleVerdict,
  ): Promise<{ kind: LlmOutcomeKind; result: LlmOutcome }> {
    const reply = await this.client.complete(buildPrompt(context, verdict, this.maxPromptChars));
    if (!reply.ok) return { kind: reply.kind, result: notUsed(`${reply.reason}`) };
    const parsed = LlmAnswerSchema.safeParse(parseJson(reply.content));
    if (!parsed.success)
      return { kind: 'invalid-answer', result: notUsed('the LLM answer did not match the analysis schema') };
    const guarded = guardLlmAnswer(parsed.data, context, verdict);
    if (!guarded.ok)
      return { kind: 'rejected', result: notUsed(`the LLM answer was rejected: ${guarded.reason}`) };
    return {
      kind: 'answered',
      result: { status: 'answered', answer: guarded.answer, model: this.client.model },
    };
  }
}

function notUsed(reason: string): LlmOutcome {
  return {
    status: 'not-used',
    note: `LLM consulted but not used: ${reason}; the rule-based analysis stands.`,
  };
}

/** Models sometimes wrap JSON in a code fence despite `response_format`. */
function parseJson(content: string): unknown {
  const unfenced = content.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    return undefined;
  }
}
