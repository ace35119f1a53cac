import { Injectable } from '@nestjs/common';
import { AnomalyDetected, deriveEventId, EventPublisher, SlaAlert } from '@flowpilot/shared';
import { AnalysisEvents } from '../observability/analysis-events';
import { slaAlertEventId } from '../sla/sla-alert.factory';

/**
 * Publishes judgements with deterministic event ids (a retried handler
 * re-publishes the same ids) and announces them to metrics once published.
 */
@Injectable()
export class AnalysisPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly events: AnalysisEvents,
  ) {}

  async anomaly(anomaly: AnomalyDetected, sourceEventId: string): Promise<void> {
    await this.publisher.publish('analysis.anomaly.v1', anomaly, {
      nodeId: anomaly.nodeName,
      eventId: deriveEventId(sourceEventId, 'analysis.anomaly', anomaly.scope),
    });
  }

  async sla(alert: SlaAlert): Promise<void> {
    await this.publisher.publish('analysis.sla.v1', alert, {
      nodeId: alert.nodeName,
      eventId: slaAlertEventId(alert),
    });
  }

  /** Called after the transaction that published them committed, so a retry does not count twice. */
  announce(anomalies: AnomalyDetected[], alerts: SlaAlert[]): void {
    anomalies.forEach((a) => this.events.emit('anomaly', a));
    alerts.forEach((a) => this.events.emit('sla', a));
  }
}
