import { Controller } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { ActivityFactService, FactOutcome } from './activity-fact.service';
import { EngineFactService } from './engine-fact.service';
import { ProcessFactService } from './process-fact.service';
import { UserTaskFactService } from './user-task-fact.service';

/** The collector's facts the analyzer judges; each handler delegates and returns its outcome. */
@Controller()
export class FactConsumer {
  constructor(
    private readonly activities: ActivityFactService,
    private readonly processes: ProcessFactService,
    private readonly userTasks: UserTaskFactService,
    private readonly engine: EngineFactService,
  ) {}

  @OnEvent('camunda.activity.completed.v1')
  activityCompleted(event: EventOf<'camunda.activity.completed.v1'>): Promise<FactOutcome> {
    return this.activities.completed(event);
  }

  @OnEvent('camunda.process.started.v1')
  processStarted(event: EventOf<'camunda.process.started.v1'>): Promise<FactOutcome> {
    return this.processes.started(event);
  }

  @OnEvent('camunda.process.completed.v1')
  processCompleted(event: EventOf<'camunda.process.completed.v1'>): Promise<FactOutcome> {
    return this.processes.completed(event);
  }

  @OnEvent('camunda.user-task.created.v1')
  userTaskCreated(event: EventOf<'camunda.user-task.created.v1'>): Promise<FactOutcome> {
    return this.userTasks.created(event);
  }

  @OnEvent('camunda.user-task.completed.v1')
  userTaskCompleted(event: EventOf<'camunda.user-task.completed.v1'>): Promise<FactOutcome> {
    return this.userTasks.completed(event);
  }

  @OnEvent('camunda.incident.opened.v1')
  incidentOpened(event: EventOf<'camunda.incident.opened.v1'>): Promise<FactOutcome> {
    return this.engine.incidentOpened(event);
  }

  @OnEvent('camunda.incident.resolved.v1')
  incidentResolved(event: EventOf<'camunda.incident.resolved.v1'>): Promise<FactOutcome> {
    return this.engine.incidentResolved(event);
  }

  @OnEvent('camunda.job.failed.v1')
  jobFailed(event: EventOf<'camunda.job.failed.v1'>): Promise<FactOutcome> {
    return this.engine.jobFailed(event);
  }

  @OnEvent('camunda.node.status.v1')
  nodeStatus(event: EventOf<'camunda.node.status.v1'>): Promise<FactOutcome> {
    return this.engine.nodeStatus(event);
  }

  @OnEvent('camunda.external-task.backlog.v1')
  backlog(event: EventOf<'camunda.external-task.backlog.v1'>): Promise<FactOutcome> {
    return this.engine.backlog(event);
  }
}
