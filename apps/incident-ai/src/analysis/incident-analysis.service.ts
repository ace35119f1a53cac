import { deriveEventId, EventOf, EventPublisher, IncidentAnalyzed, toStorableText } from '@flowpilot/shared';
import { guardLlmAnswer, toRemediation } from '../llm/llm-answer.guard';
import { LlmAnswer, LlmAnswerSchema } from '../llm/llm-answer.schema';
import { LlmAnalyst } from '../llm/llm-analyst';
import { LlmEvents } from '../llm/llm.events';
import { PatternState, PatternStore } from '../patterns/pattern.store';
import { patternIdOf, signatureOf } from '../patterns/signature.util';
import type { RuleContext, RuleVerdict } from '../rules/rule';
import { RuleEngine } from '../rules/rule-engine';
import { buildAnalysis, buildPattern, Conclusion } from './analysis-builder.util';
import { AnalysisEvents } from './analysis.events';
import { IncidentContextLoader } from './incident-context.loader';

export interface AnalysisPolicy {
  /** Rule verdicts below this go to the LLM, when one is configured. */
  llmBelowConfidence: number;
  trendWindowHours: number;
}

/**
 * One incident in, one analysis and one pattern update out. Rules run for every
 * incident (cheap, and they point at this incident's model); the LLM is asked
 * only when the rules are unsure, once per pattern, and its answer is reused
 * for every later incident with the same signature.
 */
export class IncidentAnalysisService {
  constructor(
    private readonly contexts: IncidentContextLoader,
    private readonly rules: RuleEngine,
    private readonly patterns: PatternStore,
    private readonly llm: LlmAnalyst | null,
    private readonly publisher: EventPublisher,
    private readonly policy: AnalysisPolicy,
    private readonly events: AnalysisEvents,
    private readonly llmEvents: LlmEvents,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async analyze(event: EventOf<'camunda.incident.opened.v1'>): Promise<IncidentAnalyzed> {
    const started = Date.now();
    // Repaired, not refused: an incident whose text PostgreSQL cannot hold (NUL, a lone surrogate)
    // would fail every write and be dead-lettered without an analysis.
    const incident = toStorableText(event.payload);
    const nodeId = event.nodeId;
    const context = await this.contexts.load(incident, nodeId);
    const verdict = this.rules.evaluate(context);
    const signature = signatureOf(incident.incidentType, incident.message);
    const pattern = await this.patterns.record({
      patternId: patternIdOf(signature),
      signature,
      family: verdict.family,
      incidentType: incident.incidentType,
      message: incident.message,
      rootCause: verdict.rootCause,
      confidence: verdict.confidence,
      nodeId: nodeId ?? 'unknown',
      incidentId: incident.incidentId,
      processDefinitionKey: incident.processDefinitionKey,
      occurredAt: new Date(incident.createdAt),
    });
    const conclusion = await this.conclude(context, verdict, pattern);
    if (conclusion.llm.used)
      await this.patterns.updateConclusion(
        pattern.patternId,
        conclusion.family,
        conclusion.rootCause,
        conclusion.confidence,
      );

    const analysis = buildAnalysis(incident, context, conclusion, pattern, this.clock());
    // Independent topics: sent concurrently rather than one after the other.
    await Promise.all([
      this.publisher.publish('incident.analysis.v1', analysis, {
        eventId: deriveEventId(event.eventId, 'analysis'),
        nodeId,
      }),
      this.publisher.publish(
        'incident.pattern.v1',
        buildPattern(pattern, conclusion, incident.incidentId, this.policy.trendWindowHours),
        { eventId: deriveEventId(event.eventId, 'pattern'), nodeId },
      ),
    ]);
    this.events.emit('analyzed', {
      incidentId: incident.incidentId,
      nodeId,
      family: analysis.family,
      confidence: analysis.confidence,
      source: conclusion.llm.used ? 'llm' : 'rules',
      patternCount: pattern.count,
      durationMs: Date.now() - started,
    });
    return analysis;
  }

  private async conclude(
    context: RuleContext,
    verdict: RuleVerdict,
    pattern: PatternState,
  ): Promise<Conclusion> {
    const fromRules = (note: string): Conclusion => ({ ...verdict, llm: { used: false, model: null, note } });
    if (verdict.confidence >= this.policy.llmBelowConfidence) {
      return fromRules(
        `Rules explained the incident with confidence ${verdict.confidence.toFixed(2)}; the LLM was not needed.`,
      );
    }
    if (!this.llm) {
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
