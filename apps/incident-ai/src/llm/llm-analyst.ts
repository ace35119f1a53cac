import { Injectable } from '@nestjs/common';
import { LlmClient, LlmClientEvents, LlmRateLimiter } from '@flowpilot/shared/llm';
import { toStorableText } from '@flowpilot/shared';
import { LlmAnalystSettings } from '../incident-ai.settings';
import type { RuleContext, RuleVerdict } from '../rules/rule';
import { guardLlmAnswer } from './llm-answer.guard';
import { LlmAnswer, LlmAnswerSchema } from './llm-answer.schema';
import { buildPrompt } from './llm-prompt.util';
import { IncidentLlmEvents, LlmOutcomeKind } from './incident-llm.events';

export type LlmOutcome =
  { status: 'answered'; answer: LlmAnswer; model: string } | { status: 'not-used'; note: string };

/** Every field of a valid answer is capped by the schema, so it fits in far less; longer ones are rejected unread. */
const MAX_ANSWER_CHARS = 48_000;

/**
 * Asks the LLM about an incident the rules could not explain with confidence; any failure leaves the
 * rule verdict. Without `OPENAI_API_KEY` it is disabled and asks nothing.
 */
@Injectable()
export class LlmAnalyst {
  private readonly client: LlmClient | null;
  private readonly limiter: LlmRateLimiter;
  private readonly maxPromptChars: number;

  constructor(
    settings: LlmAnalystSettings,
    private readonly events: IncidentLlmEvents,
    clientEvents: LlmClientEvents,
  ) {
    this.client = settings.client ? new LlmClient(settings.client, clientEvents) : null;
    this.limiter = new LlmRateLimiter(settings.callsPerMinute);
    this.maxPromptChars = settings.maxPromptChars;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  async explain(context: RuleContext, verdict: RuleVerdict): Promise<LlmOutcome> {
    if (!this.client) return { status: 'not-used', note: 'No LLM configured (OPENAI_API_KEY unset).' };
    if (!this.limiter.tryAcquire()) {
      this.events.emit('skipped', { reason: 'rate-limit' });
      return {
        status: 'not-used',
        note: 'LLM rate limit reached (LLM_RATE_LIMIT_PER_MINUTE); the rule-based analysis stands.',
      };
    }
    const started = Date.now();
    const outcome = await this.ask(this.client, context, verdict);
    this.events.emit('requested', {
      model: this.client.model,
      outcome: outcome.kind,
      durationMs: Date.now() - started,
    });
    return outcome.result;
  }

  private async ask(
    client: LlmClient,
    context: RuleContext,
    verdict: RuleVerdict,
  ): Promise<{ kind: LlmOutcomeKind; result: LlmOutcome }> {
    const reply = await client.completeJson(
      { messages: buildPrompt(context, verdict, this.maxPromptChars), format: { type: 'json_object' } },
      LlmAnswerSchema,
      { maxAnswerChars: MAX_ANSWER_CHARS },
    );
    if (!reply.ok) return { kind: reply.failure.kind, result: notUsed(reply.failure.reason) };
    const guarded = guardLlmAnswer(toStorableText(reply.value), context, verdict);
    if (!guarded.ok)
      return { kind: 'rejected', result: notUsed(`the LLM answer was rejected: ${guarded.reason}`) };
    return {
      kind: 'answered',
      result: { status: 'answered', answer: guarded.answer, model: client.model },
    };
  }
}

function notUsed(reason: string): LlmOutcome {
  return {
    status: 'not-used',
    note: `LLM consulted but not used: ${reason}; the rule-based analysis stands.`,
  };
}
