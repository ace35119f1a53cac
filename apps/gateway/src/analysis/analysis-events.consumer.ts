import { Controller, Inject } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { AlertRepository } from '../alerts/alert.repository';
import { outboundEvent } from '../events/outbound-event.util';
import { ProjectionWriter } from '../events/projection-writer.service';
import { AnalysisReadRepository } from './analysis-read.repository';
import { anomalyAlert, riskAlerts, slaAlert, slaSubjectKey } from './analysis-alerts.util';

/** The analyzer's judgements: read models, alerts, and `anomaly.detected` / `sla.*` webhooks. */
@Controller()
export class AnalysisEventsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(AnalysisReadRepository) private readonly analysis: AnalysisReadRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
  ) {}

  @OnEvent('analysis.anomaly.v1')
  async anomaly(event: EventOf<'analysis.anomaly.v1'>): Promise<void> {
    const nodeId = event.nodeId ?? event.payload.nodeName;
    await this.writer.apply('analysis.anomaly.v1', event, async (tx) => {
      await this.analysis.addAnomaly(tx, event.eventId, nodeId, event.payload);
      await this.alerts.raise(tx, anomalyAlert(event.eventId, nodeId, event.payload));
      return [
        outboundEvent({ ...event, nodeId }, 'anomaly.detected', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ];
    });
  }

  @OnEvent('analysis.sla.v1')
  async sla(event: EventOf<'analysis.sla.v1'>): Promise<void> {
    const nodeId = event.nodeId ?? event.payload.nodeName;
    const p = event.payload;
    await this.writer.apply('analysis.sla.v1', event, async (tx) => {
      const subjectKey = slaSubjectKey(nodeId, p);
      await this.analysis.upsertSla(tx, event.eventId, nodeId, subjectKey, p);
      await this.alerts.raise(tx, slaAlert(event.eventId, nodeId, subjectKey, p), { unlessOpen: true });
      // A breach supersedes the at-risk warning about the same subject.
      if (p.state === 'breached')
        await this.alerts.resolveSubject(
          tx,
          'sla-at-risk',
          subjectKey,
          'superseded by the breach',
          p.detectedAt,
        );
      return [
        outboundEvent({ ...event, nodeId }, p.state === 'breached' ? 'sla.breached' : 'sla.at-risk', {
          processDefinitionKey: p.processDefinitionKey,
        }),
      ];
    });
  }

  @OnEvent('analysis.bottlenecks.v1')
  async bottlenecks(event: EventOf<'analysis.bottlenecks.v1'>): Promise<void> {
    await this.writer.apply('analysis.bottlenecks.v1', event, (tx) =>
      this.analysis.upsertBottlenecks(tx, event.nodeId ?? event.payload.nodeName, event.payload),
    );
  }

  @OnEvent('analysis.job-failure-risk.v1')
  async risk(event: EventOf<'analysis.job-failure-risk.v1'>): Promise<void> {
    const nodeId = event.nodeId ?? event.payload.nodeName;
    await this.writer.apply('analysis.job-failure-risk.v1', event, async (tx) => {
      await this.analysis.upsertRisk(tx, nodeId, event.payload);
      for (const alert of riskAlerts(event.eventId, nodeId, event.payload))
        await this.alerts.raise(tx, alert, { unlessOpen: true });
    });
  }
}
