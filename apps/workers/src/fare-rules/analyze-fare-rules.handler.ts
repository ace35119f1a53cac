import { LlmClient, LlmRateLimiter } from '@flowpilot/shared/llm';
import { complete, LockedTask, TaskHandler, TaskOutcome } from '../runtime/task-handler';
import { BOOKING_VARIABLES, BookingFacts, normalizedFactsKey, readBookingFacts } from './booking-facts';
import { DecisionCache } from './decision-cache';
import { deterministicVerdict, guardVerdict, modelAnswerExceeds } from './deterministic-fare-rules';
import { FareDecision, FareRuleDecision, parseFareDecision } from './fare-decision';
import { buildFarePrompt } from './fare-prompt.builder';
import { FareDecisionEvents } from './fare-decision.events';

export const ANALYZE_FARE_RULES_TOPIC = 'analyze-fare-rules';
export const RULES_PROVIDER = 'Flowpilot fare rules';

/** The shared LLM client, as far as this handler uses it. */
export type FareModel = Pick<LlmClient, 'model' | 'complete'>;

export interface FareRulesSettings {
  /** How long a decision may wait for the local rate limit before it goes to MANUAL. */
  rateLimitWaitMs: number;
}

/**
 * One word is the whole answer; the cap also bounds what a steered model can cost. The one definition:
 * sent with every request, and the client's default in `workersSettings`.
 */
export const FARE_ANSWER_MAX_TOKENS = 10;

interface Usage {
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

const NO_USAGE: Usage = { model: null, promptTokens: 0, completionTokens: 0, costUsd: 0 };

/**
 * The fare-rules decision of processes/ticket-refund.bpmn. Without a model the deterministic rules
 * decide; with one, the hard guards still come first, then the model's
 * answer is accepted only if it is ALLOWED, WITH_PENALTY or MANUAL and no
 * more generous than the fare allows — any other answer, error, timeout or
 * rate limit gives MANUAL with the reason.
 */
export class AnalyzeFareRulesHandler implements TaskHandler {
  readonly topic = ANALYZE_FARE_RULES_TOPIC;
  readonly variables = BOOKING_VARIABLES;

  constructor(
    private readonly model: FareModel | null,
    private readonly cache: DecisionCache<FareDecision>,
    private readonly limiter: LlmRateLimiter,
    private readonly events: FareDecisionEvents,
    private readonly settings: FareRulesSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(task: LockedTask): Promise<TaskOutcome> {
    const startedAt = performance.now();
    const facts = readBookingFacts(task.variables.toObject(), this.now());
    const { verdict, usage, provider } = await this.decide(facts);
    this.events.emit('fare:decision', {
      processInstanceId: task.processInstanceId,
      taskId: task.id,
      bookingId: facts.bookingId,
      decision: verdict.decision,
      source: verdict.source,
      reasoning: verdict.reasoning,
      error: verdict.error,
      ...usage,
      latencyMs: performance.now() - startedAt,
    });
    return complete({
      fareRuleCheck: verdict.decision,
      llmProvider: provider,
      llmReasoning: verdict.reasoning,
      llmError: verdict.error,
    });
  }

  private async decide(
    facts: BookingFacts,
  ): Promise<{ verdict: FareRuleDecision; usage: Usage; provider: string }> {
    const rules = { usage: NO_USAGE, provider: RULES_PROVIDER };
    const guarded = guardVerdict(facts);
    if (guarded) return { ...rules, verdict: { ...guarded, source: 'guard', error: null } };
    if (!this.model)
      return { ...rules, verdict: { ...deterministicVerdict(facts), source: 'rules', error: null } };

    const provider = `OpenAI ${this.model.model}`;
    const key = DecisionCache.keyOf(normalizedFactsKey(facts));
    const cached = this.cache.get(key);
    if (cached) {
      return {
        provider,
        usage: { ...NO_USAGE, model: this.model.model },
        verdict: {
          decision: cached,
          source: 'cache',
          reasoning: reasoningFor(facts, cached, 'cached model answer'),
          error: null,
        },
      };
    }
    if (!(await this.limiter.acquire(this.settings.rateLimitWaitMs))) {
      return {
        provider,
        usage: NO_USAGE,
        verdict: manual('local LLM rate limit reached; sent to manual review'),
      };
    }
    return this.askModel(this.model, facts, key, provider);
  }

  private async askModel(model: FareModel, facts: BookingFacts, key: string, provider: string) {
    const startedAt = performance.now();
    const reply = await model.complete({
      messages: buildFarePrompt(facts),
      format: { type: 'text' },
      maxOutputTokens: FARE_ANSWER_MAX_TOKENS,
    });
    if (!reply.ok) {
      this.events.emit('llm:call', {
        model: model.model,
        outcome: reply.failure.kind,
        latencyMs: performance.now() - startedAt,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        error: reply.failure.reason,
      });
      return { provider, usage: { ...NO_USAGE, model: model.model }, verdict: manual(reply.failure.reason) };
    }
    const usage: Usage = { model: model.model, ...reply.usage };
    const decision = parseFareDecision(reply.content);
    const error = decision
      ? null
      : `invalid LLM answer "${reply.content.replace(/[^\w -]/g, '').slice(0, 40)}"`;
    this.events.emit('llm:call', {
      ...usage,
      model: model.model,
      outcome: decision ? 'success' : 'invalid-answer',
      latencyMs: performance.now() - startedAt,
      error,
    });
    if (!decision) return { provider, usage, verdict: manual(error ?? 'invalid LLM answer') };
    const exceeds = modelAnswerExceeds(facts, decision);
    if (exceeds) return { provider, usage, verdict: manual(exceeds) };
    this.cache.set(key, decision);
    return {
      provider,
      usage,
      verdict: {
        decision,
        source: 'llm' as const,
        reasoning: reasoningFor(facts, decision, 'model answer'),
        error: null,
      },
    };
  }
}

function manual(error: string): FareRuleDecision {
  return { decision: 'MANUAL', source: 'fallback', reasoning: `sent to manual review: ${error}`, error };
}

function reasoningFor(facts: BookingFacts, decision: FareDecision, how: string): string {
  return `${how} ${decision} for ${facts.bookingId}: ${facts.ticketClass} ${facts.fareType} fare, ${facts.daysUntilFlight} days before departure`;
}
