import { Injectable } from '@nestjs/common';
import { EventOf } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { NodeStateRepository } from '../health/node-state.repository';
import { JobOutcomeRepository } from '../job-risk/job-outcome.repository';
import { ProcessDayRepository } from '../leaderboard/process-day.repository';
import { FactLedgerRepository } from '../persistence/fact-ledger.repository';
import { utcDay } from '../persistence/queryable';
import { FactOutcome } from './activity-fact.service';
import { nodeOf } from './fact-node.util';

/** Incidents, job failures, node status and backlog: the inputs of health, failure risk and incident rates. */
@Injectable()
export class EngineFactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: FactLedgerRepository,
    private readonly nodes: NodeStateRepository,
    private readonly outcomes: JobOutcomeRepository,
    private readonly days: ProcessDayRepository,
  ) {}

  async incidentOpened(event: EventOf<'camunda.incident.opened.v1'>): Promise<FactOutcome> {
    const nodeName = nodeOf(event);
    const incident = event.payload;
    return this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      await this.ledger.lockItem(tx, nodeName, 'incident', incident.incidentId);
      if (!(await this.ledger.claim(tx, nodeName, 'incident-open', incident.incidentId))) return 'repeat';
      // Opened and resolved come on different topics: the resolution may have been handled first. Never reopen.
      if (!(await this.ledger.has(tx, nodeName, 'incident-resolve', incident.incidentId))) {
        await this.nodes.openIncident(
          tx,
          nodeName,
          incident.incidentId,
          incident.processDefinitionKey,
          incident.createdAt,
        );
      }
      if (incident.processDefinitionKey) {
        await this.days.increment(
          tx,
          nodeName,
          incident.processDefinitionKey,
          utcDay(incident.createdAt),
          'incidents',
        );
      }
      return 'recorded';
    });
  }

  async incidentResolved(event: EventOf<'camunda.incident.resolved.v1'>): Promise<FactOutcome> {
    const nodeName = nodeOf(event);
    const { incidentId } = event.payload;
    return this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      await this.ledger.lockItem(tx, nodeName, 'incident', incidentId);
      // Claimed even when nothing is open yet, so a late opening knows the incident is already over.
      if (!(await this.ledger.claim(tx, nodeName, 'incident-resolve', incidentId))) return 'repeat';
      await this.nodes.resolveIncident(tx, nodeName, incidentId);
      return 'recorded';
    });
  }

  async jobFailed(event: EventOf<'camunda.job.failed.v1'>): Promise<FactOutcome> {
    const nodeName = nodeOf(event);
    const failure = event.payload;
    return this.dataSource.transaction(async (tx): Promise<FactOutcome> => {
      if (!(await this.ledger.claim(tx, nodeName, 'job-failure', failure.failureId))) return 'repeat';
      await this.outcomes.addNodeFailure(tx, nodeName, failure.failedAt);
      const activityId = failure.failedActivityId ?? failure.activityId;
      if (failure.processDefinitionKey && activityId) {
        await this.outcomes.addFailure(
          tx,
          { nodeName, processDefinitionKey: failure.processDefinitionKey, activityId },
          failure.failedAt,
        );
      }
      return 'recorded';
    });
  }

  async nodeStatus(event: EventOf<'camunda.node.status.v1'>): Promise<FactOutcome> {
    const status = event.payload;
    await this.nodes.saveStatus(
      this.dataSource,
      status.nodeName,
      status.status,
      status.restLatencyMs,
      status.reason,
      event.occurredAt,
    );
    return 'recorded';
  }

  async backlog(event: EventOf<'camunda.external-task.backlog.v1'>): Promise<FactOutcome> {
    const { totals, observedAt } = event.payload;
    await this.nodes.saveBacklog(
      this.dataSource,
      nodeOf(event),
      totals.open + totals.withoutRetries,
      observedAt,
    );
    return 'recorded';
  }
}
