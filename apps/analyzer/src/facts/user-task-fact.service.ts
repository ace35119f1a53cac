import { Injectable } from '@nestjs/common';
import { EventBatch, requireNodeId, SlaAlert } from '@flowpilot/shared';
import { FactLedgerRepository, nodeItemId } from '../persistence/fact-ledger.repository';
import { buildSlaAlert } from '../sla/sla-alert.factory';
import { SlaItem, SlaItemsRepository } from '../sla/sla-items.repository';
import { resolveSlaTarget } from '../sla/sla-target.resolver';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { JudgementPublisher } from './judgement-publisher.service';

type TaskFact = EventBatch<'camunda.user-task.created.v1'>['events'][number]['payload'];

function taskItem(nodeId: string, task: TaskFact): Omit<SlaItem, 'state'> {
  return {
    nodeId,
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
    private readonly ledger: FactLedgerRepository,
    private readonly slaItems: SlaItemsRepository,
    private readonly thresholds: ThresholdsService,
    private readonly publisher: JudgementPublisher,
  ) {}

  async created({ events, tx }: EventBatch<'camunda.user-task.created.v1'>): Promise<void> {
    const tasks = events.map((event) => ({ nodeId: requireNodeId(event), task: event.payload }));
    const items = tasks.map(({ nodeId, task }) => ({ nodeId, itemId: task.taskId }));
    await this.ledger.lockItems(tx, 'user-task', items);
    // Created and completed come on different topics: the end may have been handled first. Never reopen.
    const ended = await this.ledger.closedAmong(tx, 'task-end', items);
    await this.slaItems.openAll(
      tx,
      tasks
        .filter(({ nodeId, task }) => !ended.has(nodeItemId({ nodeId, itemId: task.taskId })))
        .map(({ nodeId, task }) => taskItem(nodeId, task)),
    );
  }

  async completed(batch: EventBatch<'camunda.user-task.completed.v1'>): Promise<void> {
    const { tx } = batch;
    const tasks = batch.events.map((event) => ({ nodeId: requireNodeId(event), task: event.payload }));
    const items = tasks.map(({ nodeId, task }) => ({ nodeId, itemId: task.taskId }));
    await this.ledger.lockItems(tx, 'user-task', items);
    await this.ledger.markClosed(tx, 'task-end', items);
    const alerted = await this.slaItems.closeAll(tx, 'user-task', items);
    const thresholds = this.thresholds.current();
    const now = new Date();
    const alerts: SlaAlert[] = [];
    for (const { nodeId, task } of tasks) {
      // A task deleted with its scope was not late work: no breach to report.
      if (task.outcome !== 'completed') continue;
      const target = resolveSlaTarget(
        {
          kind: 'user-task',
          processDefinitionKey: task.processDefinitionKey,
          taskDefinitionKey: task.taskDefinitionKey,
        },
        thresholds.slaTargets,
        thresholds.slaThresholdHours,
      );
      const wasAlerted = alerted.get(nodeItemId({ nodeId, itemId: task.taskId })) ?? 'ok';
      if (task.ageMs >= target.ms && wasAlerted !== 'breached') {
        alerts.push(
          buildSlaAlert({
            item: taskItem(nodeId, task),
            state: 'breached',
            target,
            atRiskShare: thresholds.slaAtRiskShare,
            elapsedMs: task.ageMs,
            open: false,
            now,
          }),
        );
      }
    }
    await this.publisher.slaAlerts(alerts);
    batch.afterCommit(() => this.publisher.announce([], alerts));
  }
}
