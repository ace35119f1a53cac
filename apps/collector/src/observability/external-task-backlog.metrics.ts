import { Gauge, Registry } from 'prom-client';
import type { Envelope, PayloadOf, PipelineEvents } from '@flowpilot/shared';

const BACKLOG = 'camunda.external-task.backlog.v1';
const STATES = { open: 'open', locked: 'locked', withoutRetries: 'without-retries' } as const;

type Backlog = Envelope<PayloadOf<typeof BACKLOG>>;

/**
 * The external-task backlog per node and topic, set from the backlog snapshots this collector publishes
 * (the pipeline's `produced` events carry the envelopes it sent).
 */
export function registerExternalTaskBacklogMetrics(registry: Registry, events: PipelineEvents): void {
  const externalTasks = new Gauge({
    name: 'flowpilot_camunda_external_tasks',
    help: 'External tasks of a Camunda node per topic and state (open, locked, without-retries), last snapshot.',
    labelNames: ['node', 'topic', 'state'],
    registers: [registry],
  });
  const topicsByNode = new Map<string, Set<string>>();

  const record = ({ nodeId, payload }: Backlog): void => {
    if (!nodeId) return;
    const current = new Set(payload.topics.map((t) => t.topicName));
    // A topic missing from the snapshot has no tasks left: drop its series rather than keep a stale value.
    for (const gone of [...(topicsByNode.get(nodeId) ?? [])].filter((t) => !current.has(t))) {
      for (const state of Object.values(STATES)) externalTasks.remove({ node: nodeId, topic: gone, state });
    }
    topicsByNode.set(nodeId, current);
    for (const entry of payload.topics) {
      for (const [field, state] of Object.entries(STATES) as [keyof typeof STATES, string][]) {
        externalTasks.set({ node: nodeId, topic: entry.topicName, state }, entry[field]);
      }
    }
  };

  events.on('produced', ({ topic, envelopes }) => {
    // The envelopes of a catalogue topic passed its schema before they were sent.
    if (topic === BACKLOG && envelopes) envelopes.forEach((e) => record(e as Backlog));
  });
}
