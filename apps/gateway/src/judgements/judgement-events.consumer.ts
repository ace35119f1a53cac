import { Controller, Inject } from '@nestjs/common';
import { EventBatch, OnEventBatch } from '@flowpilot/shared';
import { AlertRepository } from '../alerts/alert.repository';
import { nodeOfReport, outboundEvent } from '../events/outbound-event.util';
import { eachEvent, ProjectionWriter } from '../events/projection-writer.service';
import { JudgementReadRepository } from './judgement-read.repository';
import { anomalyAlert, riskAlerts, slaAlert, slaSubjectKey } from './judgement-alerts.util';

/** The analyzer's judgements: read models, alerts, and `anomaly.detected` / `sla.*` webhooks. */
@Controller()
export class JudgementEventsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(JudgementReadRepository) private readonly judgements: JudgementReadRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
  ) {}

  @OnEventBatch('analysis.anomaly.v1')
  async anomaly(batch: EventBatch<'analysis.anomaly.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent(async (tx, event) => {
        const nodeId = nodeOfReport(event);
        await this.judgements.addAnomaly(tx, event.eventId, nodeId, event.payload);
        await this.alerts.raise(tx, anomalyAlert(event.eventId, nodeId, event.payload));
      }),
      (_tx, event) => [
        outboundEvent({ ...event, nodeId: nodeOfReport(event) }, 'anomaly.detected', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ],
    );
  }

  @OnEventBatch('analysis.sla.v1')
  async sla(batch: EventBatch<'analysis.sla.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent(async (tx, event) => {
        const nodeId = nodeOfReport(event);
        const p = event.payload;
        const subjectKey = slaSubjectKey(nodeId, p);
        await this.judgements.upsertSla(tx, event.eventId, nodeId, subjectKey, p);
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
      }),
      (_tx, event) => [
        outboundEvent(
          { ...event, nodeId: nodeOfReport(event) },
          event.payload.state === 'breached' ? 'sla.breached' : 'sla.at-risk',
          { processDefinitionKey: event.payload.processDefinitionKey },
        ),
      ],
    );
  }

  @OnEventBatch('analysis.bottlenecks.v1')
  async bottlenecks(batch: EventBatch<'analysis.bottlenecks.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent((tx, event) => this.judgements.upsertBottlenecks(tx, nodeOfReport(event), event.payload)),
    );
  }

  @OnEventBatch('analysis.job-failure-risk.v1')
  async risk(batch: EventBatch<'analysis.job-failure-risk.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent(async (tx, event) => {
        const nodeId = nodeOfReport(event);
        await this.judgements.upsertRisk(tx, nodeId, event.payload);
        for (const alert of riskAlerts(event.eventId, nodeId, event.payload))
          await this.alerts.raise(tx, alert, { unlessOpen: true });
      }),
    );
  }
}
