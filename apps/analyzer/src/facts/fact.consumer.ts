import { Controller } from '@nestjs/common';
import { EventBatch, OnEventBatch } from '@flowpilot/shared';
import { ActivityFactService } from './activity-fact.service';
import { EngineFactService } from './engine-fact.service';
import { ProcessFactService } from './process-fact.service';
import { UserTaskFactService } from './user-task-fact.service';

/**
 * The collector's facts the analyzer judges. Every effect is a write to the
 * analyzer's own tables (and judgements published with derived ids), so each
 * topic is taken in batches, one transaction each; handlers only delegate.
 */
@Controller()
export class FactConsumer {
  constructor(
    private readonly activities: ActivityFactService,
    private readonly processes: ProcessFactService,
    private readonly userTasks: UserTaskFactService,
    private readonly engine: EngineFactService,
  ) {}

  @OnEventBatch('camunda.activity.completed.v1')
  activityCompleted(batch: EventBatch<'camunda.activity.completed.v1'>): Promise<void> {
    return this.activities.completed(batch);
  }

  @OnEventBatch('camunda.process.started.v1')
  processStarted(batch: EventBatch<'camunda.process.started.v1'>): Promise<void> {
    return this.processes.started(batch);
  }

  @OnEventBatch('camunda.process.completed.v1')
  processCompleted(batch: EventBatch<'camunda.process.completed.v1'>): Promise<void> {
    return this.processes.completed(batch);
  }

  @OnEventBatch('camunda.user-task.created.v1')
  userTaskCreated(batch: EventBatch<'camunda.user-task.created.v1'>): Promise<void> {
    return this.userTasks.created(batch);
  }

  @OnEventBatch('camunda.user-task.completed.v1')
  userTaskCompleted(batch: EventBatch<'camunda.user-task.completed.v1'>): Promise<void> {
    return this.userTasks.completed(batch);
  }

  @OnEventBatch('camunda.incident.opened.v1')
  incidentOpened(batch: EventBatch<'camunda.incident.opened.v1'>): Promise<void> {
    return this.engine.incidentOpened(batch);
  }

  @OnEventBatch('camunda.incident.resolved.v1')
  incidentResolved(batch: EventBatch<'camunda.incident.resolved.v1'>): Promise<void> {
    return this.engine.incidentResolved(batch);
  }

  @OnEventBatch('camunda.job.failed.v1')
  jobFailed(batch: EventBatch<'camunda.job.failed.v1'>): Promise<void> {
    return this.engine.jobFailed(batch);
  }

  @OnEventBatch('camunda.node.status.v1')
  nodeStatus(batch: EventBatch<'camunda.node.status.v1'>): Promise<void> {
    return this.engine.nodeStatus(batch);
  }

  @OnEventBatch('camunda.external-task.backlog.v1')
  backlog(batch: EventBatch<'camunda.external-task.backlog.v1'>): Promise<void> {
    return this.engine.backlog(batch);
  }
}
