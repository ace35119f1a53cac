import { Inject, Injectable } from '@nestjs/common';
import { deriveEventId, EventOf, EventPublisher, IncidentAnalyzed, IncidentOpened } from '@flowpilot/shared';
import { AnalysisSettings } from '../incident-ai.settings';
import { PatternState } from '../patterns/pattern.repository';
import type { RuleContext } from '../rules/rule';
import { buildAnalysis, buildPattern, Conclusion } from './analysis-builder.util';

/** Publishes what one incident produced: its analysis and its pattern's update, with ids derived from the fact. */
@Injectable()
export class IncidentAnalysisPublisher {
  constructor(
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publish'>,
    @Inject(AnalysisSettings) private readonly settings: Pick<AnalysisSettings, 'trendWindowHours'>,
  ) {}

  async publish(
    event: EventOf<'camunda.incident.opened.v1'>,
    incident: IncidentOpened,
    context: RuleContext,
    conclusion: Conclusion,
    pattern: PatternState,
  ): Promise<IncidentAnalyzed> {
    const nodeId = event.nodeId;
    const analysis = buildAnalysis(incident, context, conclusion, pattern, new Date());
    // Independent topics: sent concurrently rather than one after the other.
    await Promise.all([
      this.publisher.publish('incident.analysis.v1', analysis, {
        eventId: deriveEventId(event.eventId, 'analysis'),
        nodeId,
      }),
      this.publisher.publish(
        'incident.pattern.v1',
        buildPattern(pattern, conclusion, incident.incidentId, this.settings.trendWindowHours),
        { eventId: deriveEventId(event.eventId, 'pattern'), nodeId },
      ),
    ]);
    return analysis;
  }
}
