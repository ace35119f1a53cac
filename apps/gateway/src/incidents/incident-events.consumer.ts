import { Controller, Inject } from '@nestjs/common';
import { EventBatch, OnEventBatch, requireNodeId } from '@flowpilot/shared';
import { outboundEvent } from '../events/outbound-event.util';
import { eachEvent, ProjectionWriter } from '../events/projection-writer.service';
import { payloadsPerNode } from '../events/per-node.util';
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

  @OnEventBatch('camunda.incident.opened.v1')
  async opened(batch: EventBatch<'camunda.incident.opened.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      async (tx, events) => {
        for (const event of events) await this.incidents.applyOpened(tx, requireNodeId(event), event.payload);
        for (const [nodeId, facts] of payloadsPerNode(events))
          await this.trends.applyIncidentsOpened(tx, nodeId, facts);
      },
      (_tx, event) => [
        outboundEvent(event, 'incident.opened', { processDefinitionKey: event.payload.processDefinitionKey }),
      ],
    );
  }

  @OnEventBatch('camunda.incident.resolved.v1')
  async resolved(batch: EventBatch<'camunda.incident.resolved.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      async (tx, events) => {
        for (const event of events)
          await this.incidents.applyResolved(tx, requireNodeId(event), event.payload);
        for (const [nodeId, facts] of payloadsPerNode(events))
          await this.trends.applyIncidentsResolved(tx, nodeId, facts);
      },
      (_tx, event) => [
        outboundEvent(event, 'incident.resolved', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ],
    );
  }

  @OnEventBatch('incident.analysis.v1')
  async analyzed(batch: EventBatch<'incident.analysis.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent((tx, event) => this.incidents.applyAnalysis(tx, requireNodeId(event), event.payload)),
      (_tx, event) => [
        outboundEvent(event, 'incident.analyzed', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ],
    );
  }

  @OnEventBatch('incident.pattern.v1')
  async pattern(batch: EventBatch<'incident.pattern.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent((tx, event) => this.patterns.apply(tx, event.payload)),
    );
  }
}
