import { PipelineEvents } from '@flowpilot/shared';
import { envelopeOf, healthScore } from '@flowpilot/shared/testing';
import { Registry } from 'prom-client';
import { registerOpenIncidentsMetrics } from './open-incidents.metrics';

const health = (scope: 'node' | 'cluster', nodeId: string | null, incidents: number | null) =>
  envelopeOf(
    'analysis.health.v1',
    healthScore({
      scope,
      nodeName: nodeId,
      factors: [{ name: 'incidents', score: 70, weight: 0.3, value: incidents, detail: '' }],
    }),
    { nodeId },
  );

async function values(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('flowpilot_camunda_open_incidents')?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [Object.values(v.labels).join('/'), v.value]));
}

describe('registerOpenIncidentsMetrics', () => {
  let registry: Registry;
  let events: PipelineEvents;

  beforeEach(() => {
    registry = new Registry();
    events = new PipelineEvents();
    registerOpenIncidentsMetrics(registry, events);
  });

  it('sets open incidents per node from node health scores only, and drops a node without a count', async () => {
    events.emit('produced', {
      topic: 'analysis.health.v1',
      count: 2,
      envelopes: [health('node', 'node1', 7), health('cluster', null, 9)],
    });
    expect(await values(registry)).toEqual({ node1: 7 });

    events.emit('produced', {
      topic: 'analysis.health.v1',
      count: 1,
      envelopes: [health('node', 'node1', null)],
    });
    expect(await values(registry)).toEqual({});
  });

  it('counts only judgements this analyzer published, not other topics or dead letters', async () => {
    events.emit('produced', { topic: 'analysis.health.v1.dlq', count: 1 });
    events.emit('produced', {
      topic: 'analysis.sla.v1',
      count: 1,
      envelopes: [health('node', 'node1', 3)],
    });
    expect(await values(registry)).toEqual({});
  });
});
