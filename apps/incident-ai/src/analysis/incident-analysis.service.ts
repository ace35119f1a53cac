import { Inject, Injectable } from '@nestjs/common';
import { EventOf, IncidentAnalyzed, toStorableText } from '@flowpilot/shared';
import { PatternRepository } from '../patterns/pattern.repository';
import { patternIdOf, signatureOf } from '../patterns/signature.util';
import { RuleEngine } from '../rules/rule-engine';
import { ConclusionService } from './conclusion.service';
import { IncidentAnalysisEvents } from './incident-analysis.events';
import { IncidentAnalysisPublisher } from './incident-analysis.publisher';
import { IncidentContextLoader } from './incident-context.loader';

/**
 * One incident in, one analysis and one pattern update out. Rules run for every
 * incident (cheap, and they point at this incident's model); the LLM is asked
 * only when the rules are unsure (`ConclusionService`).
 */
@Injectable()
export class IncidentAnalysisService {
  constructor(
    @Inject(IncidentContextLoader) private readonly contexts: Pick<IncidentContextLoader, 'load'>,
    private readonly rules: RuleEngine,
    @Inject(PatternRepository)
    private readonly patterns: Pick<PatternRepository, 'record' | 'updateConclusion'>,
    private readonly conclusions: ConclusionService,
    private readonly output: IncidentAnalysisPublisher,
    private readonly events: IncidentAnalysisEvents,
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
    const conclusion = await this.conclusions.conclude(context, verdict, pattern);
    if (conclusion.llm.used)
      await this.patterns.updateConclusion(
        pattern.patternId,
        conclusion.family,
        conclusion.rootCause,
        conclusion.confidence,
      );

    const analysis = await this.output.publish(event, incident, context, conclusion, pattern);
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
}
