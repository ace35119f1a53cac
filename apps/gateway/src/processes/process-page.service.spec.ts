import type { BottleneckEntry } from '@flowpilot/shared';
import type { ActivityDurations } from '../trends/trend-read.repository';
import type { DefinitionView } from './process-definitions.api';
import { PageEngine, PageJudgements, ProcessPageService } from './process-page.service';

const definition = (id: string, version: number): DefinitionView => ({
  id,
  key: 'order',
  name: 'Order',
  version,
  versionTag: null,
  deploymentId: 'd',
  tenantId: null,
});
const durations = (activityId: string, p95Ms: number, count = 5): ActivityDurations => ({
  activityId,
  activityName: activityId,
  count,
  meanMs: p95Ms / 2,
  maxMs: p95Ms,
  p50Ms: p95Ms / 2,
  p95Ms,
  p99Ms: p95Ms,
});

function fakes() {
  const asked: string[][] = [];
  const engine: PageEngine = {
    definition: async (_node, id) => definition(id, id === 'order:2' ? 2 : 1),
    versions: async () => [definition('order:2', 2), definition('order:1', 1)],
    statistics: async (_node, id) =>
      id === 'order:2'
        ? [
            { id: 'review', instances: 2, failedJobs: 0, incidents: [] },
            {
              id: 'charge',
              instances: 3,
              failedJobs: 3,
              incidents: [{ incidentType: 'failedJob', incidentCount: 3 }],
            },
          ]
        : [{ id: 'review', instances: 4, failedJobs: 0, incidents: [] }],
    slowest: async () => [],
    waiting: async () => [],
    openTaskIds: async (_node, ids) => new Set(ids.filter((id) => id !== 'task-done')),
    runningInstanceIds: async () => new Set(['pi-running']),
  };
  const trends = {
    activityDurations: async (_node: string, ids: string[]) => {
      asked.push(ids);
      return ids.includes('order:1')
        ? [durations('approve', 9_000), durations('review', 1_000, 8)]
        : [durations('approve', 4_000), durations('review', 1_000), durations('charge', 10)];
    },
  };
  const judgements: PageJudgements = {
    slaSubjects: async () => [
      { activityId: 'approve', state: 'breached', taskId: 'task-open', processInstanceId: 'pi-1' },
      { activityId: 'approve', state: 'breached', taskId: 'task-done', processInstanceId: 'pi-2' },
      { activityId: 'approve', state: 'at-risk', taskId: 'task-open-2', processInstanceId: 'pi-3' },
      { activityId: null, state: 'breached', taskId: null, processInstanceId: 'pi-running' },
      { activityId: null, state: 'breached', taskId: null, processInstanceId: 'pi-ended' },
    ],
    risks: async () =>
      new Map([
        [
          'charge',
          {
            processDefinitionKey: 'order',
            activityId: 'charge',
            failures: 3,
            completions: 5,
            failureRate: 0.375,
            trendPerDay: 0,
            trend: 'stable' as const,
            projectedRate: 0.375,
            riskScore: 38,
            level: 'medium' as const,
          },
        ],
      ]),
    bottlenecks: async () => ({
      windowDays: 7,
      computedAt: '2026-12-04T23:00:00.000Z',
      entries: new Map<string, BottleneckEntry>(),
    }),
    openIncidents: async () => [],
  };
  return { engine, trends, judgements, asked };
}

describe('ProcessPageService', () => {
  it('ranks heat by p95 of the chosen version and puts the engine’s tokens and incidents on their activities', async () => {
    const { engine, trends, judgements, asked } = fakes();
    const sut = new ProcessPageService(engine, trends, judgements);

    const page = await sut.overlays('node1', 'order:2', { hours: 168, versions: 'this' });

    expect(asked).toEqual([['order:2']]);
    const at = (id: string) => page.activities.find((a) => a.activityId === id);
    expect([at('approve')?.heatRank, at('review')?.heatRank, at('charge')?.heatRank]).toEqual([1, 2, 3]);
    expect(at('approve')?.heat).toBe(1);
    expect(at('review')?.heat).toBe(0.25);
    expect(at('review')?.running).toBe(2);
    expect(at('charge')).toMatchObject({
      running: 3,
      incidents: 3,
      failedJobs: 3,
      risk: { level: 'medium' },
    });
    expect(page.totals).toEqual({ running: 5, incidents: 3, completedActivities: 15 });
  });

  it('counts SLA alerts only for tasks and instances the engine still has open', async () => {
    const { engine, trends, judgements } = fakes();
    const sut = new ProcessPageService(engine, trends, judgements);

    const page = await sut.overlays('node1', 'order:2', { hours: 168, versions: 'this' });

    expect(page.activities.find((a) => a.activityId === 'approve')?.sla).toEqual({ atRisk: 1, breached: 1 });
    expect(page.processSla).toEqual({ atRisk: 0, breached: 1 });
  });

  it('sums every version of the key only when asked to', async () => {
    const { engine, trends, judgements, asked } = fakes();
    const sut = new ProcessPageService(engine, trends, judgements);

    const page = await sut.overlays('node1', 'order:2', { hours: 168, versions: 'all' });

    expect(asked).toEqual([['order:2', 'order:1']]);
    expect(page.definitionIds).toEqual(['order:2', 'order:1']);
    expect(page.activities.find((a) => a.activityId === 'review')?.running).toBe(6);
  });
});
