import { Registry } from 'prom-client';
import type { Envelope } from '../contracts/envelope';
import { PipelineEvents } from '../kafka/pipeline-events';
import { registerCamundaGauges } from './camunda-gauges';

function envelope<P>(type: string, nodeId: string | null, payload: P): Envelope<P> {
  return {
    eventId: '7d0f7c5e-54f4-4d53-9a52-2d8a3f0b1c11',
    type,
    version: 1,
    occurredAt: '2026-11-22T04:00:00.000Z',
    source: 'test',
    nodeId,
    trace: { correlationId: 'c-1' },
    payload,
  };
}

const backlog = (
  node: string,
  topics: { topicName: string; open: number; locked: number; withoutRetries: number }[],
) =>
  envelope('camunda.external-task.backlog', node, {
    observedAt: '2026-11-22T04:00:00.000Z',
    topics: topics.map((t) => ({ ...t, oldestOpenCreatedAt: null })),
    totals: { open: 0, locked: 0, withoutRetries: 0 },
  });

const health = (scope: 'node' | 'cluster', nodeName: string | null, incidents: number | null) =>
  envelope('analysis.health', nodeName, {
    scope,
    nodeName,
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

describe('registerCamundaGauges', () => {
  let registry: Registry;
  let events: PipelineEvents;

  beforeEach(() => {
    registry = new Registry();
    events = new PipelineEvents();
    registerCamundaGauges(registry, events);
  });

  it('sets the external-task backlog per node, topic and state from published snapshots', async () => {
    events.emit('produced', {
      topic: 'camunda.external-task.backlog.v1',
      count: 1,
      envelopes: [backlog('node1', [{ topicName: 'send-email', open: 120, locked: 4, withoutRetries: 2 }])],
    });

    expect(await values(registry, 'flowpilot_camunda_external_tasks')).toEqual({
      'node1/send-email/open': 120,
      'node1/send-email/locked': 4,
      'node1/send-email/without-retries': 2,
    });
  });

  it('drops topics that left the snapshot of a node, and leaves other nodes alone', async () => {
    const sut = (envelopes: Envelope<unknown>[]) =>
      events.emit('produced', {
        topic: 'camunda.external-task.backlog.v1',
        count: envelopes.length,
        envelopes,
      });
    sut([
      backlog('node1', [
        { topicName: 'a', open: 1, locked: 0, withoutRetries: 0 },
        { topicName: 'b', open: 2, locked: 0, withoutRetries: 0 },
      ]),
    ]);
    sut([backlog('node2', [{ topicName: 'a', open: 5, locked: 0, withoutRetries: 0 }])]);
    sut([backlog('node1', [{ topicName: 'b', open: 3, locked: 1, withoutRetries: 0 }])]);

    const open = Object.entries(await values(registry, 'flowpilot_camunda_external_tasks')).filter(([k]) =>
      k.endsWith('/open'),
    );
    expect(Object.fromEntries(open)).toEqual({ 'node1/b/open': 3, 'node2/a/open': 5 });
  });

  it('sets open incidents per node from node health scores only', async () => {
    events.emit('produced', {
      topic: 'analysis.health.v1',
      count: 2,
      envelopes: [health('node', 'node1', 7), health('cluster', null, 9)],
    });
    expect(await values(registry, 'flowpilot_camunda_open_incidents')).toEqual({ node1: 7 });

    events.emit('produced', {
      topic: 'analysis.health.v1',
      count: 1,
      envelopes: [health('node', 'node1', null)],
    });
    expect(await values(registry, 'flowpilot_camunda_open_incidents')).toEqual({});
  });

  it('ignores dead letters and other topics', async () => {
    events.emit('produced', { topic: 'camunda.external-task.backlog.v1.dlq', count: 1 });
    events.emit('produced', {
      topic: 'camunda.node.status.v1',
      count: 1,
      envelopes: [backlog('node1', [{ topicName: 'x', open: 1, locked: 0, withoutRetries: 0 }])],
    });
    expect(await values(registry, 'flowpilot_camunda_external_tasks')).toEqual({});
  });
});
