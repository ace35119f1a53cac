import { EventOf, PayloadOf } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { NodeStateRepository } from '../health/node-state.repository';
import { JobOutcomeRepository } from '../job-risk/job-outcome.repository';
import { ProcessDayRepository } from '../leaderboard/process-day.repository';
import { FactKind, FactLedgerRepository, LockedItemKind } from '../persistence/fact-ledger.repository';
import { EngineFactService } from './engine-fact.service';

const NODE = 'node-1';

/** The ledger in memory, recording the locks taken and the order of every call. */
class InMemoryLedger {
  readonly entries = new Set<string>();
  readonly calls: string[] = [];

  async lockItem(_q: unknown, nodeName: string, kind: LockedItemKind, itemId: string): Promise<void> {
    this.calls.push(`lock ${nodeName}/${kind}/${itemId}`);
  }

  async claim(_q: unknown, nodeName: string, kind: FactKind, factId: string): Promise<boolean> {
    this.calls.push(`claim ${kind}`);
    const key = `${nodeName}/${kind}/${factId}`;
    if (this.entries.has(key)) return false;
    this.entries.add(key);
    return true;
  }

  async has(_q: unknown, nodeName: string, kind: FactKind, factId: string): Promise<boolean> {
    return this.entries.has(`${nodeName}/${kind}/${factId}`);
  }
}

class InMemoryIncidents {
  readonly open = new Set<string>();

  async openIncident(_q: unknown, nodeName: string, incidentId: string): Promise<void> {
    this.open.add(`${nodeName}/${incidentId}`);
  }

  async resolveIncident(_q: unknown, nodeName: string, incidentId: string): Promise<boolean> {
    return this.open.delete(`${nodeName}/${incidentId}`);
  }
}

function setup() {
  const ledger = new InMemoryLedger();
  const incidents = new InMemoryIncidents();
  const days = { increment: jest.fn().mockResolvedValue(undefined) };
  const dataSource = { transaction: (work: (tx: unknown) => Promise<unknown>) => work({}) };
  const sut = new EngineFactService(
    dataSource as unknown as DataSource,
    ledger as unknown as FactLedgerRepository,
    incidents as unknown as NodeStateRepository,
    {} as JobOutcomeRepository,
    days as unknown as ProcessDayRepository,
  );
  return { sut, ledger, incidents, days };
}

function envelope<T extends 'camunda.incident.opened.v1' | 'camunda.incident.resolved.v1'>(
  type: T,
  payload: PayloadOf<T>,
): EventOf<T> {
  return {
    eventId: '00000000-0000-4000-8000-000000000000',
    type,
    version: 1,
    occurredAt: '2026-01-05T10:00:00.000Z',
    source: 'collector',
    nodeId: NODE,
    trace: { correlationId: 'c-1' },
    payload,
  };
}

const opened = (incidentId: string) =>
  envelope('camunda.incident.opened.v1', {
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

const resolved = (incidentId: string) =>
  envelope('camunda.incident.resolved.v1', {
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

    expect(await sut.incidentOpened(opened('inc-1'))).toBe('recorded');
    expect([...incidents.open]).toEqual([`${NODE}/inc-1`]);
    expect(await sut.incidentResolved(resolved('inc-1'))).toBe('recorded');
    expect([...incidents.open]).toEqual([]);
  });

  it('never opens an incident whose resolution was handled first, but still counts it', async () => {
    const { sut, incidents, days } = setup();

    expect(await sut.incidentResolved(resolved('inc-1'))).toBe('recorded');
    expect(await sut.incidentOpened(opened('inc-1'))).toBe('recorded');

    expect([...incidents.open]).toEqual([]);
    expect(days.increment).toHaveBeenCalledWith(expect.anything(), NODE, 'order', '2026-01-05', 'incidents');
  });

  it('treats a repeated resolution or opening as a repeat', async () => {
    const { sut, incidents } = setup();

    await sut.incidentResolved(resolved('inc-1'));
    expect(await sut.incidentResolved(resolved('inc-1'))).toBe('repeat');
    await sut.incidentOpened(opened('inc-1'));
    expect(await sut.incidentOpened(opened('inc-1'))).toBe('repeat');
    expect([...incidents.open]).toEqual([]);
  });

  it('takes the per-incident lock before touching the ledger in both handlers', async () => {
    const { sut, ledger } = setup();

    await sut.incidentResolved(resolved('inc-1'));
    await sut.incidentOpened(opened('inc-1'));

    expect(ledger.calls).toEqual([
      `lock ${NODE}/incident/inc-1`,
      'claim incident-resolve',
      `lock ${NODE}/incident/inc-1`,
      'claim incident-open',
    ]);
  });
});
