import { Injectable } from '@nestjs/common';
import { AnomalyDetected, deriveEventId, EventPublisher, SlaAlert } from '@flowpilot/shared';
import { JudgementEvents } from '../observability/judgement.events';
import { slaAlertEventId } from '../sla/sla-alert.factory';

/** An anomaly and the fact event that revealed it (its event id derives from that one). */
export interface JudgedAnomaly {
  anomaly: AnomalyDetected;
  sourceEventId: string;
}

/**
 * Publishes judgements with deterministic event ids (a retried handler
 * re-publishes the same ids) and announces them to metrics once published.
 */
@Injectable()
export class JudgementPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly events: JudgementEvents,
  ) {}

  /** All anomalies of a batch in one send. */
  async anomalies(judged: readonly JudgedAnomaly[]): Promise<void> {
    await this.publisher.publishMany(
      'analysis.anomaly.v1',
      judged.map(({ anomaly, sourceEventId }) => ({
        payload: anomaly,
        options: {
          nodeId: anomaly.nodeName,
          eventId: deriveEventId(sourceEventId, 'analysis.anomaly', anomaly.scope),
        },
      })),
    );
  }

  async slaAlerts(alerts: readonly SlaAlert[]): Promise<void> {
    await this.publisher.publishMany(
      'analysis.sla.v1',
      alerts.map((alert) => ({
        payload: alert,
        options: { nodeId: alert.nodeName, eventId: slaAlertEventId(alert) },
      })),
    );
  }

  async sla(alert: SlaAlert): Promise<void> {
    await this.slaAlerts([alert]);
  }

  /** Called after the transaction that published them committed, so a retry does not count twice. */
  announce(anomalies: readonly AnomalyDetected[], alerts: readonly SlaAlert[]): void {
    anomalies.forEach((a) => this.events.emit('anomaly', a));
    alerts.forEach((a) => this.events.emit('sla', a));
  }
}
