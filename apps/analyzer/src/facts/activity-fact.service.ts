import { Injectable } from '@nestjs/common';
import { AnomalyDetected, EventOf } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { JobOutcomeRepository } from '../job-risk/job-outcome.repository';
import { FactLedgerRepository } from '../persistence/fact-ledger.repository';
import { utcDay } from '../persistence/queryable';
import { DurationRecorder } from '../statistics/duration-recorder.service';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { AnalysisPublisher } from './analysis-publisher.service';
import { buildAnomaly } from './anomaly.factory';
import { nodeOf } from './fact-node.util';

export type FactOutcome = 'recorded' | 'repeat' | 'ignored';

/** A finished activity instance: its duration feeds anomalies and bottlenecks, its success the failure rate. */
@Injectable()
export class ActivityFactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: FactLedgerRepository,
    private readonly durations: DurationRecorder,
    private readonly outcomes: JobOutcomeRepository,
    private readonly thresholds: ThresholdsService,
    private readonly publisher: AnalysisPublisher,
  ) {}

  async completed(event: EventOf<'camunda.activity.completed.v1'>): Promise<FactOutcome> {
    const fact = event.payload;
    // A cancelled activity was cut short: its duration says nothing about how long the work takes.
    if (fact.canceled) return 'ignored';
    const nodeName = nodeOf(event);
    const thresholds = this.thresholds.current();
    const anomalies: AnomalyDetected[] = [];
    const outcome = await this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      if (!(await this.ledger.claim(tx, nodeName, 'activity-end', fact.activityInstanceId))) return 'repeat';
      const key = { nodeName, processDefinitionKey: fact.processDefinitionKey, activityId: fact.activityId };
      const judgement = await this.durations.record(
        tx,
        key,
        fact.durationMs,
        fact.endedAt,
        fact.activityName,
        thresholds,
      );
      await this.outcomes.addCompletion(tx, key, utcDay(fact.endedAt));
      if (judgement) {
        const anomaly = buildAnomaly(
          {
            scope: 'activity',
            nodeName,
            processDefinitionKey: fact.processDefinitionKey,
            processDefinitionId: fact.processDefinitionId,
            activityId: fact.activityId,
            activityName: fact.activityName,
            processInstanceId: fact.processInstanceId,
            activityInstanceId: fact.activityInstanceId,
            durationMs: fact.durationMs,
            startedAt: fact.startedAt,
            endedAt: fact.endedAt,
          },
          judgement,
          thresholds.anomalyZScore,
          new Date(),
        );
        await this.publisher.anomaly(anomaly, event.eventId);
        anomalies.push(anomaly);
      }
      return 'recorded';
    });
    this.publisher.announce(anomalies, []);
    return outcome;
  }
}
