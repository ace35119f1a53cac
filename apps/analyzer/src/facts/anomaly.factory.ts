import { AnomalyDetected } from '@flowpilot/shared';
import { DurationJudgement } from '../statistics/duration-anomaly.util';

export interface AnomalySubject {
  scope: AnomalyDetected['scope'];
  nodeName: string;
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
  subject: AnomalySubject,
  judgement: DurationJudgement,
  threshold: number,
  now: Date,
): AnomalyDetected {
  return {
    ...subject,
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
