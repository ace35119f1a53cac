import { PayloadOf } from '@flowpilot/shared';
import { batchOf, envelopeOf } from '@flowpilot/shared/testing';
import { ProcessDayRepository } from '../leaderboard/process-day.repository';
import {
  ClosingKind,
  FactLedgerRepository,
  LockedItemKind,
  NodeItem,
  nodeItemId,
} from '../persistence/fact-ledger.repository';
import { EngineFactService } from './engine-fact.service';

const NODE = 'node-1';
const notUsed = (): Promise<never> => Promise.reject(new Error('not used by incident facts'));

/** The ledger in memory, recording the locks taken and the order of every call. */
class InMemoryLedger implements Pick<FactLedgerRepository, 'lockItems' | 'markClosed' | 'closedAmong'> {
  readonly closed = new Set<string>();
  readonly calls: string[] = [];

  async lockItems(_q: unknown, kind: LockedItemKind, items: readonly NodeItem[]): Promise<void> {
    for (const item of items) this.calls.push(`lock ${item.nodeId}/${kind}/${item.itemId}`);
  }

  async markClosed(_q: unknown, kind: ClosingKind, items: readonly NodeItem[]): Promise<void> {
    this.calls.push(`close ${kind}`);
    for (const item of items) this.closed.add(`${kind}/${nodeItemId(item)}`);
  }

  async closedAmong(_q: unknown, kind: ClosingKind, items: readonly NodeItem[]): Promise<Set<string>> {
    this.calls.push(`check ${kind}`);
    return new Set(items.filter((item) => this.closed.has(`${kind}/${nodeItemId(item)}`)).map(nodeItemId));
  }
}

class InMemoryIncidents {
  readonly open = new Set<string>();

  async openIncident(_q: unknown, nodeId: string, incidentId: string): Promise<void> {
    this.open.add(`${nodeId}/${incidentId}`);
  }

  async resolveIncident(_q: unknown, nodeId: string, incidentId: string): Promise<boolean> {
    return this.open.delete(`${nodeId}/${incidentId}`);
  }

  readonly saveStatus = notUsed;
  readonly saveBacklog = notUsed;
}

function setup() {
  const ledger = new InMemoryLedger();
  const incidents = new InMemoryIncidents();
  const days: Pick<ProcessDayRepository, 'incrementAll'> = {
    incrementAll: jest.fn().mockResolvedValue(undefined),
  };
  const sut = new EngineFactService(
    ledger,
    incidents,
    { addNodeFailure: notUsed, addFailure: notUsed },
    days,
  );
  return { sut, ledger, incidents, days };
}

const opened = (incidentId: string) =>
  batchOf('camunda.incident.opened.v1', [
    envelopeOf('camunda.incident.opened.v1', openedFact(incidentId), { nodeId: NODE }),
  ]);

const resolved = (incidentId: string) =>
  batchOf('camunda.incident.resolved.v1', [
    envelopeOf('camunda.incident.resolved.v1', resolvedFact(incidentId), { nodeId: NODE }),
  ]);

const openedFact = (incidentId: string): PayloadOf<'camunda.incident.opened.v1'> => ({
  incidentId,
  incidentType: 'failedJob',
  message: 'payment gateway timeout',
  activityId: 'charge',
  failedActivityId: 'charge',
  processDefinitionId: 'order:1:x',
  processDefinitionKey: 'order',
  processInstanceId: 'pi-1',
  executionId: null,
  jobId: 'job-1',
  externalTaskId: null,
  causeIncidentId: null,
  rootCauseIncidentId: null,
  tenantId: null,
  createdAt: '2026-01-05T10:00:00.000Z',
  stackTrace: null,
});

const resolvedFact = (incidentId: string): PayloadOf<'camunda.incident.resolved.v1'> => ({
  incidentId,
  incidentType: 'failedJob',
  processDefinitionKey: 'order',
  processInstanceId: 'pi-1',
  activityId: 'charge',
  resolution: 'resolved',
  createdAt: '2026-01-05T10:00:00.000Z',
  endedAt: '2026-01-05T10:05:00.000Z',
});

describe('EngineFactService incidents', () => {
  it('opens an incident and closes it on its resolution', async () => {
    const { sut, incidents } = setup();

    await sut.incidentOpened(opened('inc-1'));
    expect([...incidents.open]).toEqual([`${NODE}/inc-1`]);
    await sut.incidentResolved(resolved('inc-1'));
    expect([...incidents.open]).toEqual([]);
  });

  it('never opens an incident whose resolution was handled first, but still counts it', async () => {
    const { sut, incidents, days } = setup();

    await sut.incidentResolved(resolved('inc-1'));
    await sut.incidentOpened(opened('inc-1'));

    expect([...incidents.open]).toEqual([]);
    expect(days.incrementAll).toHaveBeenCalledWith(expect.anything(), [
      { nodeId: NODE, processDefinitionKey: 'order', day: '2026-01-05', counter: 'incidents' },
    ]);
  });

  it('takes the per-incident lock before touching the ledger in both handlers', async () => {
    const { sut, ledger } = setup();

    await sut.incidentResolved(resolved('inc-1'));
    await sut.incidentOpened(opened('inc-1'));

    expect(ledger.calls).toEqual([
      `lock ${NODE}/incident/inc-1`,
      'close incident-resolve',
      `lock ${NODE}/incident/inc-1`,
      'check incident-resolve',
    ]);
  });
});
