import { Injectable } from '@nestjs/common';
import { EventBatch, requireNodeId, SlaAlert } from '@flowpilot/shared';
import { DayCount, ProcessDayRepository } from '../leaderboard/process-day.repository';
import { FactLedgerRepository, nodeItemId } from '../persistence/fact-ledger.repository';
import { utcDay } from '../persistence/utc-day.util';
import { buildSlaAlert } from '../sla/sla-alert.factory';
import { SlaItem, SlaItemsRepository } from '../sla/sla-items.repository';
import { resolveSlaTarget } from '../sla/sla-target.resolver';
import { DurationRecorder } from '../statistics/duration-recorder.service';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { JudgementPublisher, JudgedAnomaly } from './judgement-publisher.service';
import { buildAnomaly } from './anomaly.factory';

/** Whole-process activity id in duration state. */
export const PROCESS_SCOPE = '';

type InstanceFact = Pick<
  EventBatch<'camunda.process.started.v1'>['events'][number]['payload'],
  'processInstanceId' | 'processDefinitionKey' | 'startedAt'
>;

function instanceItem(nodeId: string, fact: InstanceFact): Omit<SlaItem, 'state'> {
  return {
    nodeId,
    subject: 'process-instance',
    itemId: fact.processInstanceId,
    processDefinitionKey: fact.processDefinitionKey,
    processInstanceId: fact.processInstanceId,
    taskDefinitionKey: null,
    taskName: null,
    assignee: null,
    startedAt: new Date(fact.startedAt),
  };
}

/**
 * Process instances: a start opens the instance's SLA watch; a completion
 * closes it (alerting a breach the sweep had not seen yet), feeds the
 * definition's duration baseline and sketch, and the leaderboard's counters.
 * Each batch is a few statements, with the same results as one fact at a time.
 */
@Injectable()
export class ProcessFactService {
  constructor(
    private readonly ledger: FactLedgerRepository,
    private readonly durations: DurationRecorder,
    private readonly days: ProcessDayRepository,
    private readonly slaItems: SlaItemsRepository,
    private readonly thresholds: ThresholdsService,
    private readonly publisher: JudgementPublisher,
  ) {}

  async started({ events, tx }: EventBatch<'camunda.process.started.v1'>): Promise<void> {
    const starts = events.map((event) => ({ nodeId: requireNodeId(event), fact: event.payload }));
    const items = starts.map(({ nodeId, fact }) => ({ nodeId, itemId: fact.processInstanceId }));
    await this.ledger.lockItems(tx, 'process-instance', items);
    await this.days.incrementAll(
      tx,
      starts.map(({ nodeId, fact }) => ({
        nodeId,
        processDefinitionKey: fact.processDefinitionKey,
        day: utcDay(fact.startedAt),
        counter: 'started',
      })),
    );
    // Start and end come on different topics: the end may have been handled first. Never reopen.
    const ended = await this.ledger.closedAmong(tx, 'process-end', items);
    await this.slaItems.openAll(
      tx,
      starts
        .filter(({ nodeId, fact }) => !ended.has(nodeItemId({ nodeId, itemId: fact.processInstanceId })))
        .map(({ nodeId, fact }) => instanceItem(nodeId, fact)),
    );
  }

  async completed(batch: EventBatch<'camunda.process.completed.v1'>): Promise<void> {
    const { tx } = batch;
    const ends = batch.events.map((event) => ({
      event,
      nodeId: requireNodeId(event),
      fact: event.payload,
    }));
    const items = ends.map(({ nodeId, fact }) => ({ nodeId, itemId: fact.processInstanceId }));
    await this.ledger.lockItems(tx, 'process-instance', items);
    await this.ledger.markClosed(tx, 'process-end', items);
    const alerted = await this.slaItems.closeAll(tx, 'process-instance', items);
    // Terminated instances did not finish their work: their duration and SLA are not judged.
    const completed = ends.filter(({ fact }) => fact.state === 'COMPLETED');
    if (completed.length === 0) return;
    const thresholds = this.thresholds.current();
    const judgements = await this.durations.recordAll(
      tx,
      completed.map(({ nodeId, fact }) => ({
        key: { nodeId, processDefinitionKey: fact.processDefinitionKey, activityId: PROCESS_SCOPE },
        durationMs: fact.durationMs,
        endedAt: fact.endedAt,
        activityName: null,
      })),
      thresholds,
    );
    const now = new Date();
    const counts: DayCount[] = [];
    const alerts: SlaAlert[] = [];
    const anomalies: JudgedAnomaly[] = [];
    completed.forEach(({ event, nodeId, fact }, i) => {
      const day = utcDay(fact.endedAt);
      const { processDefinitionKey } = fact;
      const target = resolveSlaTarget(
        { kind: 'process-instance', processDefinitionKey },
        thresholds.slaTargets,
        thresholds.slaThresholdHours,
      );
      const late = fact.durationMs >= target.ms;
      counts.push({ nodeId, processDefinitionKey, day, counter: 'completed' });
      counts.push({ nodeId, processDefinitionKey, day, counter: late ? 'sla_missed' : 'sla_met' });
      const wasAlerted = alerted.get(nodeItemId({ nodeId, itemId: fact.processInstanceId })) ?? 'ok';
      if (late && wasAlerted !== 'breached') {
        alerts.push(
          buildSlaAlert({
            item: instanceItem(nodeId, fact),
            state: 'breached',
            target,
            atRiskShare: thresholds.slaAtRiskShare,
            elapsedMs: fact.durationMs,
            open: false,
            now,
          }),
        );
      }
      const judgement = judgements[i];
      if (judgement) {
        const anomaly = buildAnomaly(
          {
            scope: 'process',
            nodeId,
            processDefinitionKey,
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
        anomalies.push({ anomaly, sourceEventId: event.eventId });
      }
    });
    await this.days.incrementAll(tx, counts);
    await this.publisher.slaAlerts(alerts);
    await this.publisher.anomalies(anomalies);
    batch.afterCommit(() =>
      this.publisher.announce(
        anomalies.map((a) => a.anomaly),
        alerts,
      ),
    );
  }
}
