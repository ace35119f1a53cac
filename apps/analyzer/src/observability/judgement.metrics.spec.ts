import { HealthScore } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import { JudgementEvents } from './judgement.events';
import { registerJudgementMetrics } from './judgement.metrics';

const health = (
  scope: HealthScore['scope'],
  nodeId: string | null,
  incidents: number | null,
): HealthScore => ({
  scope,
  nodeName: nodeId,
  score: 80,
  status: 'healthy',
  factors: [{ name: 'incidents', score: 70, weight: 0.3, value: incidents, detail: '' }],
  nodes: [],
  formula: '',
  computedAt: '2026-11-22T04:00:00.000Z',
});

async function values(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [Object.values(v.labels).join('/'), v.value]));
}

describe('registerJudgementMetrics', () => {
  let registry: Registry;
  let events: JudgementEvents;

  beforeEach(() => {
    registry = new Registry();
    events = new JudgementEvents();
    registerJudgementMetrics(registry, events);
  });

  it('sets the health score and its factors per scope and node', async () => {
    events.emit('health', health('node', 'node1', 7));
    events.emit('health', health('cluster', null, 9));

    expect(await values(registry, 'flowpilot_analyzer_health_score')).toEqual({
      'node/node1': 80,
      'cluster/': 80,
    });
    expect(await values(registry, 'flowpilot_analyzer_health_factor_score')).toEqual({
      'node/node1/incidents': 70,
      'cluster//incidents': 70,
    });
  });
});
