import { Inject, Injectable } from '@nestjs/common';
import { AnalysisSettings } from '../incident-ai.settings';
import { guardLlmAnswer, toRemediation } from '../llm/llm-answer.guard';
import { LlmAnswer, LlmAnswerSchema } from '../llm/llm-answer.schema';
import { LlmAnalyst } from '../llm/llm-analyst';
import { IncidentLlmEvents } from '../llm/incident-llm.events';
import { PatternState, PatternRepository } from '../patterns/pattern.repository';
import type { RuleContext, RuleVerdict } from '../rules/rule';
import { Conclusion } from './analysis-builder.util';

/**
 * What an analysis concludes: the rule verdict, unless the rules are unsure and an LLM is configured.
 * The LLM is asked once per pattern; its answer is reused for every later incident with the same
 * signature, checked again against each.
 */
@Injectable()
export class ConclusionService {
  constructor(
    @Inject(AnalysisSettings) private readonly settings: Pick<AnalysisSettings, 'llmBelowConfidence'>,
    @Inject(LlmAnalyst) private readonly llm: Pick<LlmAnalyst, 'enabled' | 'explain'>,
    @Inject(PatternRepository) private readonly patterns: Pick<PatternRepository, 'saveLlmAnswer'>,
    private readonly llmEvents: IncidentLlmEvents,
  ) {}

  async conclude(context: RuleContext, verdict: RuleVerdict, pattern: PatternState): Promise<Conclusion> {
    const fromRules = (note: string): Conclusion => ({ ...verdict, llm: { used: false, model: null, note } });
    if (verdict.confidence >= this.settings.llmBelowConfidence) {
      return fromRules(
        `Rules explained the incident with confidence ${verdict.confidence.toFixed(2)}; the LLM was not needed.`,
      );
    }
    if (!this.llm.enabled) {
      this.llmEvents.emit('skipped', { reason: 'disabled' });
      return fromRules(
        'No LLM configured (OPENAI_API_KEY unset): this is the complete offline rule-based analysis.',
      );
    }
    if (pattern.llmAnswer && pattern.llmModel) {
      // The stored answer was checked against another incident of the pattern: check it against this one.
      const parsed = LlmAnswerSchema.safeParse(pattern.llmAnswer);
      const guarded = parsed.success ? guardLlmAnswer(parsed.data, context, verdict) : null;
      if (guarded?.ok) {
        this.llmEvents.emit('cacheHit', { patternId: pattern.patternId });
        return merge(
          verdict,
          guarded.answer,
          pattern.llmModel,
          `LLM answer for pattern ${pattern.patternId} reused (no new call).`,
        );
      }
    }
    const outcome = await this.llm.explain(context, verdict);
    if (outcome.status === 'not-used') return fromRules(outcome.note);
    await this.patterns.saveLlmAnswer(pattern.patternId, outcome.answer, outcome.model);
    return merge(
      verdict,
      outcome.answer,
      outcome.model,
      'Rules were unsure; the LLM answer passed schema and safety checks.',
    );
  }
}

function merge(verdict: RuleVerdict, answer: LlmAnswer, model: string, note: string): Conclusion {
  return {
    family: answer.family,
    rootCause: answer.rootCause,
    fixSteps: answer.fixSteps,
    snippet: answer.snippet ?? verdict.snippet,
    confidence: answer.confidence,
    evidence: verdict.evidence,
    remediation: toRemediation(answer.remediation),
    llm: { used: true, model, note },
  };
}
