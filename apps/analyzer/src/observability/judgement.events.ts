import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { AnomalyDetected, HealthScore, SlaAlert } from '@flowpilot/shared';

/**
 * What the analyzer emits as it judges: anomalies and SLA alerts once published, health every cycle.
 * Metrics and logs subscribe; the logic stays free of them.
 */
export interface JudgementEventMap {
  anomaly: [AnomalyDetected];
  sla: [SlaAlert];
  health: [HealthScore];
}

@Injectable()
export class JudgementEvents extends EventEmitter<JudgementEventMap> {}
