import { Inject, Injectable } from '@nestjs/common';
import { EventBatch, requireNodeId } from '@flowpilot/shared';
import { NodeStateRepository } from '../health/node-state.repository';
import { JobOutcomeRepository } from '../job-risk/job-outcome.repository';
import { DayCount, ProcessDayRepository } from '../leaderboard/process-day.repository';
import { FactLedgerRepository, nodeItemId } from '../persistence/fact-ledger.repository';
import { utcDay } from '../persistence/utc-day.util';

/**
 * Incidents, job failures, node status and backlog: the inputs of health,
 * failure risk and incident rates. They are few next to activity facts, so
 * each batch takes them one by one inside its one transaction.
 */
@Injectable()
export class EngineFactService {
  constructor(
    @Inject(FactLedgerRepository)
    private readonly ledger: Pick<FactLedgerRepository, 'lockItems' | 'markClosed' | 'closedAmong'>,
    @Inject(NodeStateRepository)
    private readonly nodes: Pick<
      NodeStateRepository,
      'openIncident' | 'resolveIncident' | 'saveStatus' | 'saveBacklog'
    >,
    @Inject(JobOutcomeRepository)
    private readonly outcomes: Pick<JobOutcomeRepository, 'addNodeFailure' | 'addFailure'>,
    @Inject(ProcessDayRepository) private readonly days: Pick<ProcessDayRepository, 'incrementAll'>,
  ) {}

  async incidentOpened({ events, tx }: EventBatch<'camunda.incident.opened.v1'>): Promise<void> {
    const incidents = events.map((event) => ({ nodeId: requireNodeId(event), incident: event.payload }));
    const items = incidents.map(({ nodeId, incident }) => ({ nodeId, itemId: incident.incidentId }));
    await this.ledger.lockItems(tx, 'incident', items);
    // Opened and resolved come on different topics: the resolution may have been handled first. Never reopen.
    const resolved = await this.ledger.closedAmong(tx, 'incident-resolve', items);
    const counts: DayCount[] = [];
    for (const { nodeId, incident } of incidents) {
      if (!resolved.has(nodeItemId({ nodeId, itemId: incident.incidentId })))
        await this.nodes.openIncident(
          tx,
          nodeId,
          incident.incidentId,
          incident.processDefinitionKey,
          incident.createdAt,
        );
      if (incident.processDefinitionKey)
        counts.push({
          nodeId,
          processDefinitionKey: incident.processDefinitionKey,
          day: utcDay(incident.createdAt),
          counter: 'incidents',
        });
    }
    await this.days.incrementAll(tx, counts);
  }

  async incidentResolved({ events, tx }: EventBatch<'camunda.incident.resolved.v1'>): Promise<void> {
    const items = events.map((event) => ({
      nodeId: requireNodeId(event),
      itemId: event.payload.incidentId,
    }));
    await this.ledger.lockItems(tx, 'incident', items);
    // Written even when nothing is open yet, so a late opening knows the incident is already over.
    await this.ledger.markClosed(tx, 'incident-resolve', items);
    for (const { nodeId, itemId } of items) await this.nodes.resolveIncident(tx, nodeId, itemId);
  }

  async jobFailed({ events, tx }: EventBatch<'camunda.job.failed.v1'>): Promise<void> {
    for (const event of events) {
      const nodeId = requireNodeId(event);
      const failure = event.payload;
      await this.outcomes.addNodeFailure(tx, nodeId, failure.failedAt);
      const activityId = failure.failedActivityId ?? failure.activityId;
      if (failure.processDefinitionKey && activityId) {
        await this.outcomes.addFailure(
          tx,
          { nodeId, processDefinitionKey: failure.processDefinitionKey, activityId },
          failure.failedAt,
        );
      }
    }
  }

  async nodeStatus({ events, tx }: EventBatch<'camunda.node.status.v1'>): Promise<void> {
    for (const { payload: status, occurredAt } of events)
      await this.nodes.saveStatus(
        tx,
        status.nodeName,
        status.status,
        status.restLatencyMs,
        status.reason,
        occurredAt,
      );
  }

  async backlog({ events, tx }: EventBatch<'camunda.external-task.backlog.v1'>): Promise<void> {
    for (const event of events) {
      const { totals, observedAt } = event.payload;
      await this.nodes.saveBacklog(tx, requireNodeId(event), totals.open + totals.withoutRetries, observedAt);
    }
  }
}
