import { Controller, Inject } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { outboundEvent, requireNodeId } from '../events/outbound-event.util';
import { ProjectionWriter } from '../events/projection-writer.service';
import { TrendBucketsRepository } from '../trends/trend-buckets.repository';
import { IncidentRepository } from './incident.repository';
import { PatternRepository } from './pattern.repository';

/** Keeps the incident and pattern read models and notifies `incident.*` subscribers. */
@Controller()
export class IncidentEventsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(IncidentRepository) private readonly incidents: IncidentRepository,
    @Inject(PatternRepository) private readonly patterns: PatternRepository,
    @Inject(TrendBucketsRepository) private readonly trends: TrendBucketsRepository,
  ) {}

  @OnEvent('camunda.incident.opened.v1')
  async opened(event: EventOf<'camunda.incident.opened.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('camunda.incident.opened.v1', event, async (tx) => {
      await this.incidents.applyOpened(tx, nodeId, event.payload);
      await this.trends.applyIncidentsOpened(tx, nodeId, [event.payload]);
      return [
        outboundEvent(event, 'incident.opened', { processDefinitionKey: event.payload.processDefinitionKey }),
      ];
    });
  }

  @OnEvent('camunda.incident.resolved.v1')
  async resolved(event: EventOf<'camunda.incident.resolved.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('camunda.incident.resolved.v1', event, async (tx) => {
      await this.incidents.applyResolved(tx, nodeId, event.payload);
      await this.trends.applyIncidentsResolved(tx, nodeId, [event.payload]);
      return [
        outboundEvent(event, 'incident.resolved', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ];
    });
  }

  @OnEvent('incident.analysis.v1')
  async analyzed(event: EventOf<'incident.analysis.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('incident.analysis.v1', event, async (tx) => {
      await this.incidents.applyAnalysis(tx, nodeId, event.payload);
      return [
        outboundEvent(event, 'incident.analyzed', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ];
    });
  }

  @OnEvent('incident.pattern.v1')
  async pattern(event: EventOf<'incident.pattern.v1'>): Promise<void> {
    await this.writer.apply('incident.pattern.v1', event, (tx) => this.patterns.apply(tx, event.payload));
  }
}
