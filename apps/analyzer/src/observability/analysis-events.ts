import { EventEmitter } from 'node:events';
import { AnomalyDetected, HealthScore, SlaAlert } from '@flowpilot/shared';

/** What the analysis emits as it publishes; metrics and logs subscribe, the logic stays free of them. */
export interface AnalysisEventMap {
  anomaly: [AnomalyDetected];
  sla: [SlaAlert];
  health: [HealthScore];
}

export class AnalysisEvents extends EventEmitter<AnalysisEventMap> {}
