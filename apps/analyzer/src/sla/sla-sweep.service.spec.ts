import { AppLogger, Queryable, SlaAlert } from '@flowpilot/shared';
import { EffectiveThresholds } from '../thresholds/effective-thresholds.util';
import { SlaGroup, SlaItem } from './sla-items.repository';
import { SlaSweepService } from './sla-sweep.service';
import { SlaState } from './sla-state.util';

/** Open items in memory, with the repository's selection and compare-and-set semantics. */
class InMemorySlaItems {
  items: SlaItem[] = [];
  /** Simulates another replica escalating first. */
  lostRaces = 0;

  async watchedGroups(): Promise<SlaGroup[]> {
    return this.items
      .filter((i) => i.state !== 'breached')
      .map((i) => ({
        subject: i.subject,
        processDefinitionKey: i.processDefinitionKey,
        taskDefinitionKey: i.taskDefinitionKey,
      }));
  }

  async crossedInGroup(
    _q: unknown,
    _g: SlaGroup,
    atRiskBefore: Date,
    breachedBefore: Date,
  ): Promise<SlaItem[]> {
    return this.items
      .filter(
        (i) =>
          i.state !== 'breached' &&
          i.startedAt <= atRiskBefore &&
          (i.state === 'ok' || i.startedAt <= breachedBefore),
      )
      .map((i) => ({ ...i }));
  }

  async escalate(_q: unknown, item: SlaItem, to: SlaState): Promise<boolean> {
    const stored = this.items.find((i) => i.itemId === item.itemId)!;
    if (this.lostRaces > 0) {
      this.lostRaces--;
      stored.state = to;
      return false;
    }
    if (stored.state !== item.state) return false;
    stored.state = to;
    return true;
  }
}

const START = new Date('2026-01-05T10:00:00.000Z');
const at = (seconds: number) => new Date(START.getTime() + seconds * 1_000);

function setup() {
  const items = new InMemorySlaItems();
  const published: SlaAlert[] = [];
  const announced: SlaAlert[] = [];
  const thresholds = {
    refresh: async () => undefined,
    current: (): EffectiveThresholds => ({
      anomalyZScore: 3,
      anomalyMinDurationMs: 1_000,
      minSamples: 10,
      lookbackDays: 30,
      slaTargets: { processes: {}, userTasks: { approve: 'PT10S' } },
      slaThresholdHours: 24,
      slaAtRiskShare: 0.8,
      jobRiskHigh: 0.5,
      jobRiskMedium: 0.2,
    }),
  };
  const publisher = {
    sla: async (alert: SlaAlert) => void published.push(alert),
    announce: (_anomalies: readonly unknown[], alerts: readonly SlaAlert[]) => void announced.push(...alerts),
  };
  const tx: Queryable = { query: () => Promise.reject(new Error('the SLA items are in memory')) };
  const dataSource = { ...tx, transaction: <T>(work: (q: Queryable) => Promise<T>) => work(tx) };
  const sut = new SlaSweepService(
    { sweepIntervalMs: 1_000 },
    dataSource,
    items,
    thresholds,
    publisher,
    new AppLogger('test', 'error', () => undefined),
  );
  items.items.push({
    nodeId: 'node1',
    subject: 'user-task',
    itemId: 'task-1',
    processDefinitionKey: 'invoice',
    processInstanceId: 'pi-1',
    taskDefinitionKey: 'approve',
    taskName: 'Approve',
    assignee: 'demo',
    startedAt: START,
    state: 'ok',
  });
  return { sut, items, published, announced };
}

describe('SlaSweepService', () => {
  it('alerts an open task at-risk, then breached, once each across many sweeps', async () => {
    const { sut, published, announced } = setup();

    for (let s = 0; s <= 15; s += 0.5) await sut.sweep(at(s));

    expect(published.map((a) => [a.state, a.elapsedMs])).toEqual([
      ['at-risk', 8_000],
      ['breached', 10_000],
    ]);
    expect(published[0]).toMatchObject({
      taskId: 'task-1',
      target: 'PT10S',
      targetSource: 'user-task',
      open: true,
      dueAt: at(10).toISOString(),
    });
    expect(announced).toEqual(published);
  });

  it('says nothing before the at-risk share of the target', async () => {
    const { sut, published } = setup();

    expect(await sut.sweep(at(7.9))).toEqual([]);
    expect(published).toEqual([]);
  });

  it('publishes nothing for an escalation another replica made first', async () => {
    const { sut, items, published } = setup();
    items.lostRaces = 1;

    await sut.sweep(at(9));
    await sut.sweep(at(9.5));

    expect(published).toEqual([]);
  });
});
