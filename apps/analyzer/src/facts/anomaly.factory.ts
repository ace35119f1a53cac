import { AnomalyDetected } from '@flowpilot/shared';
import { DurationJudgement } from '../statistics/duration-anomaly.util';

export interface AnomalySubject {
  scope: AnomalyDetected['scope'];
  nodeId: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  activityId: string | null;
  activityName: string | null;
  processInstanceId: string;
  activityInstanceId: string | null;
  durationMs: number;
  startedAt: string;
  endedAt: string;
}

export function buildAnomaly(
  { nodeId, ...subject }: AnomalySubject,
  judgement: DurationJudgement,
  threshold: number,
  now: Date,
): AnomalyDetected {
  return {
    ...subject,
    // The v1 payload names the node id `nodeName`.
    nodeName: nodeId,
    meanMs: judgement.meanMs,
    stdDevMs: judgement.stdDevMs,
    sampleSize: judgement.sampleSize,
    zScore: judgement.zScore,
    threshold,
    direction: judgement.direction,
    severity: judgement.severity,
    detectedAt: now.toISOString(),
  };
}
