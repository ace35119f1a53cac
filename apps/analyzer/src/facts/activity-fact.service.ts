import { Injectable } from '@nestjs/common';
import { EventBatch, requireNodeId } from '@flowpilot/shared';
import { JobOutcomeRepository } from '../job-risk/job-outcome.repository';
import { utcDay } from '../persistence/utc-day.util';
import { DurationRecorder } from '../statistics/duration-recorder.service';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { JudgementPublisher, JudgedAnomaly } from './judgement-publisher.service';
import { buildAnomaly } from './anomaly.factory';

/**
 * Finished activity instances: their durations feed anomalies and
 * bottlenecks, their success the failure rate. A batch is folded per key and
 * written in a handful of statements; each fact is judged exactly as it would
 * be alone, against the baseline of the facts before it.
 */
@Injectable()
export class ActivityFactService {
  constructor(
    private readonly durations: DurationRecorder,
    private readonly outcomes: JobOutcomeRepository,
    private readonly thresholds: ThresholdsService,
    private readonly publisher: JudgementPublisher,
  ) {}

  async completed(batch: EventBatch<'camunda.activity.completed.v1'>): Promise<void> {
    // A cancelled activity was cut short: its duration says nothing about how long the work takes.
    const finished = batch.events
      .filter((event) => !event.payload.canceled)
      .map((event) => {
        const fact = event.payload;
        const key = {
          nodeId: requireNodeId(event),
          processDefinitionKey: fact.processDefinitionKey,
          activityId: fact.activityId,
        };
        return { event, fact, key };
      });
    if (finished.length === 0) return;
    const thresholds = this.thresholds.current();
    const judgements = await this.durations.recordAll(
      batch.tx,
      finished.map(({ fact, key }) => ({
        key,
        durationMs: fact.durationMs,
        endedAt: fact.endedAt,
        activityName: fact.activityName,
      })),
      thresholds,
    );
    await this.outcomes.addCompletions(
      batch.tx,
      finished.map(({ fact, key }) => ({ key, day: utcDay(fact.endedAt) })),
    );
    const now = new Date();
    const anomalies: JudgedAnomaly[] = [];
    finished.forEach(({ event, fact, key }, i) => {
      const judgement = judgements[i];
      if (!judgement) return;
      const anomaly = buildAnomaly(
        {
          scope: 'activity',
          nodeId: key.nodeId,
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
        now,
      );
      anomalies.push({ anomaly, sourceEventId: event.eventId });
    });
    await this.publisher.anomalies(anomalies);
    batch.afterCommit(() =>
      this.publisher.announce(
        anomalies.map((a) => a.anomaly),
        [],
      ),
    );
  }
}
