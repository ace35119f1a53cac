import { Injectable } from '@nestjs/common';
import { AnomalyDetected, EventOf, SlaAlert } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { ProcessDayRepository } from '../leaderboard/process-day.repository';
import { FactLedgerRepository } from '../persistence/fact-ledger.repository';
import { utcDay } from '../persistence/queryable';
import { buildSlaAlert } from '../sla/sla-alert.factory';
import { SlaItemsRepository } from '../sla/sla-items.repository';
import { resolveSlaTarget } from '../sla/sla-target.resolver';
import { DurationRecorder } from '../statistics/duration-recorder.service';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { FactOutcome } from './activity-fact.service';
import { AnalysisPublisher } from './analysis-publisher.service';
import { buildAnomaly } from './anomaly.factory';
import { nodeOf } from './fact-node.util';

/** Whole-process activity id in duration state. */
export const PROCESS_SCOPE = '';

/**
 * Process instances: a start opens the instance's SLA watch; a completion
 * closes it (alerting a breach the sweep had not seen yet), feeds the
 * definition's duration baseline and sketch, and the leaderboard's counters.
 */
@Injectable()
export class ProcessFactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: FactLedgerRepository,
    private readonly durations: DurationRecorder,
    private readonly days: ProcessDayRepository,
    private readonly slaItems: SlaItemsRepository,
    private readonly thresholds: ThresholdsService,
    private readonly publisher: AnalysisPublisher,
  ) {}

  async started(event: EventOf<'camunda.process.started.v1'>): Promise<FactOutcome> {
    const fact = event.payload;
    const nodeName = nodeOf(event);
    return this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      await this.ledger.lockItem(tx, nodeName, 'process-instance', fact.processInstanceId);
      if (!(await this.ledger.claim(tx, nodeName, 'process-start', fact.processInstanceId))) return 'repeat';
      await this.days.increment(tx, nodeName, fact.processDefinitionKey, utcDay(fact.startedAt), 'started');
      // Start and end come on different topics: the end may have been handled first. Never reopen.
      if (!(await this.ledger.has(tx, nodeName, 'process-end', fact.processInstanceId))) {
        await this.slaItems.open(tx, {
          nodeName,
          subject: 'process-instance',
          itemId: fact.processInstanceId,
          processDefinitionKey: fact.processDefinitionKey,
          processInstanceId: fact.processInstanceId,
          taskDefinitionKey: null,
          taskName: null,
          assignee: null,
          startedAt: new Date(fact.startedAt),
        });
      }
      return 'recorded';
    });
  }

  async completed(event: EventOf<'camunda.process.completed.v1'>): Promise<FactOutcome> {
    const fact = event.payload;
    const nodeName = nodeOf(event);
    const thresholds = this.thresholds.current();
    const anomalies: AnomalyDetected[] = [];
    const alerts: SlaAlert[] = [];
    const outcome = await this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      await this.ledger.lockItem(tx, nodeName, 'process-instance', fact.processInstanceId);
      if (!(await this.ledger.claim(tx, nodeName, 'process-end', fact.processInstanceId))) return 'repeat';
      const alerted = await this.slaItems.close(tx, nodeName, 'process-instance', fact.processInstanceId);
      // Terminated instances did not finish their work: their duration and SLA are not judged.
      if (fact.state !== 'COMPLETED') return 'ignored';
      const day = utcDay(fact.endedAt);
      const key = { nodeName, processDefinitionKey: fact.processDefinitionKey, activityId: PROCESS_SCOPE };
      const judgement = await this.durations.record(tx, key, fact.durationMs, fact.endedAt, null, thresholds);
      await this.days.increment(tx, nodeName, fact.processDefinitionKey, day, 'completed');
      const target = resolveSlaTarget(
        { kind: 'process-instance', processDefinitionKey: fact.processDefinitionKey },
        thresholds.slaTargets,
        thresholds.slaThresholdHours,
      );
      const late = fact.durationMs >= target.ms;
      await this.days.increment(
        tx,
        nodeName,
        fact.processDefinitionKey,
        day,
        late ? 'sla_missed' : 'sla_met',
      );
      const now = new Date();
      if (late && alerted !== 'breached') {
        const alert = buildSlaAlert({
          item: {
            nodeName,
            subject: 'process-instance',
            itemId: fact.processInstanceId,
            processDefinitionKey: fact.processDefinitionKey,
            processInstanceId: fact.processInstanceId,
            taskDefinitionKey: null,
            taskName: null,
            assignee: null,
            startedAt: new Date(fact.startedAt),
          },
          state: 'breached',
          target,
          atRiskShare: thresholds.slaAtRiskShare,
          elapsedMs: fact.durationMs,
          open: false,
          now,
        });
        await this.publisher.sla(alert);
        alerts.push(alert);
      }
      if (judgement) {
        const anomaly = buildAnomaly(
          {
            scope: 'process',
            nodeName,
            processDefinitionKey: fact.processDefinitionKey,
            processDefinitionId: fact.processDefinitionId,
            activityId: null,
            activityName: null,
            processInstanceId: fact.processInstanceId,
            activityInstanceId: null,
            durationMs: fact.durationMs,
            startedAt: fact.startedAt,
            endedAt: fact.endedAt,
          },
          judgement,
          thresholds.anomalyZScore,
          now,
        );
        await this.publisher.anomaly(anomaly, event.eventId);
        anomalies.push(anomaly);
      }
      return 'recorded';
    });
    this.publisher.announce(anomalies, alerts);
    return outcome;
  }
}
