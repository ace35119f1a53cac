import { Registry } from 'prom-client';
import { PipelineEvents } from '@flowpilot/shared';
import { envelopeOf } from '@flowpilot/shared/testing';
import { registerExternalTaskBacklogMetrics } from './external-task-backlog.metrics';

const backlog = (
  nodeId: string,
  topics: { topicName: string; open: number; locked: number; withoutRetries: number }[],
) =>
  envelopeOf(
    'camunda.external-task.backlog.v1',
    {
      observedAt: '2026-11-22T04:00:00.000Z',
      topics: topics.map((t) => ({ ...t, oldestOpenCreatedAt: null })),
      totals: { open: 0, locked: 0, withoutRetries: 0 },
    },
    { nodeId },
  );

async function values(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [Object.values(v.labels).join('/'), v.value]));
}

describe('registerExternalTaskBacklogMetrics', () => {
  let registry: Registry;
  let events: PipelineEvents;

  beforeEach(() => {
    registry = new Registry();
    events = new PipelineEvents();
    registerExternalTaskBacklogMetrics(registry, events);
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
    const sut = (envelopes: ReturnType<typeof backlog>[]) =>
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
