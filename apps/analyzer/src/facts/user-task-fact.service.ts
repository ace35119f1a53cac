import { Injectable } from '@nestjs/common';
import { EventOf, SlaAlert } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { FactLedgerRepository } from '../persistence/fact-ledger.repository';
import { buildSlaAlert } from '../sla/sla-alert.factory';
import { SlaItem, SlaItemsRepository } from '../sla/sla-items.repository';
import { resolveSlaTarget } from '../sla/sla-target.resolver';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { FactOutcome } from './activity-fact.service';
import { AnalysisPublisher } from './analysis-publisher.service';
import { nodeOf } from './fact-node.util';

type TaskFact = EventOf<'camunda.user-task.created.v1'>['payload'];

function taskItem(nodeName: string, task: TaskFact): Omit<SlaItem, 'state'> {
  return {
    nodeName,
    subject: 'user-task',
    itemId: task.taskId,
    processDefinitionKey: task.processDefinitionKey,
    processInstanceId: task.processInstanceId,
    taskDefinitionKey: task.taskDefinitionKey,
    taskName: task.name,
    assignee: task.assignee,
    startedAt: new Date(task.createdAt),
  };
}

/** User tasks: creation opens the task's SLA watch, completion closes it (alerting a breach the sweep had not seen). */
@Injectable()
export class UserTaskFactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: FactLedgerRepository,
    private readonly slaItems: SlaItemsRepository,
    private readonly thresholds: ThresholdsService,
    private readonly publisher: AnalysisPublisher,
  ) {}

  async created(event: EventOf<'camunda.user-task.created.v1'>): Promise<FactOutcome> {
    const nodeName = nodeOf(event);
    const task = event.payload;
    return this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      await this.ledger.lockItem(tx, nodeName, 'user-task', task.taskId);
      if (!(await this.ledger.claim(tx, nodeName, 'task-create', task.taskId))) return 'repeat';
      if (!(await this.ledger.has(tx, nodeName, 'task-end', task.taskId)))
        await this.slaItems.open(tx, taskItem(nodeName, task));
      return 'recorded';
    });
  }

  async completed(event: EventOf<'camunda.user-task.completed.v1'>): Promise<FactOutcome> {
    const nodeName = nodeOf(event);
    const task = event.payload;
    const thresholds = this.thresholds.current();
    const alerts: SlaAlert[] = [];
    const outcome = await this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      await this.ledger.lockItem(tx, nodeName, 'user-task', task.taskId);
      if (!(await this.ledger.claim(tx, nodeName, 'task-end', task.taskId))) return 'repeat';
      const alerted = await this.slaItems.close(tx, nodeName, 'user-task', task.taskId);
      // A task deleted with its scope was not late work: no breach to report.
      if (task.outcome !== 'completed') return 'ignored';
      const target = resolveSlaTarget(
        {
          kind: 'user-task',
          processDefinitionKey: task.processDefinitionKey,
          taskDefinitionKey: task.taskDefinitionKey,
        },
        thresholds.slaTargets,
        thresholds.slaThresholdHours,
      );
      if (task.ageMs >= target.ms && alerted !== 'breached') {
        const alert = buildSlaAlert({
          item: taskItem(nodeName, task),
          state: 'breached',
          target,
          atRiskShare: thresholds.slaAtRiskShare,
          elapsedMs: task.ageMs,
          open: false,
          now: new Date(),
        });
        await this.publisher.sla(alert);
        alerts.push(alert);
      }
      return 'recorded';
    });
    this.publisher.announce([], alerts);
    return outcome;
  }
}
