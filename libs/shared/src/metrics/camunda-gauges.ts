import { Gauge, Registry } from 'prom-client';
import type { Envelope } from '../contracts/envelope';
import type { PayloadOf } from '../contracts/topic-catalogue';
import { PipelineEvents } from '../kafka/pipeline-events';

const BACKLOG = 'camunda.external-task.backlog.v1';
const HEALTH = 'analysis.health.v1';
const STATES = { open: 'open', locked: 'locked', withoutRetries: 'without-retries' } as const;

type Backlog = Envelope<PayloadOf<typeof BACKLOG>>;
type Health = Envelope<PayloadOf<typeof HEALTH>>;

/**
 * Camunda business gauges, set from the facts this process publishes: the
 * external-task backlog per node and topic (the collector's snapshots) and
 * the open incidents per node (the analyzer's health scores). Every app
 * declares them; only the publisher of the fact gives them values.
 */
export function registerCamundaGauges(registry: Registry, events: PipelineEvents): void {
  const externalTasks = new Gauge({
    name: 'flowpilot_camunda_external_tasks',
    help: 'External tasks of a Camunda node per topic and state (open, locked, without-retries), last snapshot.',
    labelNames: ['node', 'topic', 'state'],
    registers: [registry],
  });
  const openIncidents = new Gauge({
    name: 'flowpilot_camunda_open_incidents',
    help: "Open incidents of a Camunda node, as counted by the analyzer's last health score of the node.",
    labelNames: ['node'],
    registers: [registry],
  });
  const topicsByNode = new Map<string, Set<string>>();

  const recordBacklog = ({ nodeId: node, payload }: Backlog): void => {
    if (!node) return;
    const current = new Set(payload.topics.map((t) => t.topicName));
    // A topic missing from the snapshot has no tasks left: drop its series rather than keep a stale value.
    for (const gone of [...(topicsByNode.get(node) ?? [])].filter((t) => !current.has(t))) {
      for (const state of Object.values(STATES)) externalTasks.remove({ node, topic: gone, state });
    }
    topicsByNode.set(node, current);
    for (const entry of payload.topics) {
      for (const [field, state] of Object.entries(STATES) as [keyof typeof STATES, string][]) {
        externalTasks.set({ node, topic: entry.topicName, state }, entry[field]);
      }
    }
  };

  const recordHealth = ({ payload }: Health): void => {
    if (payload.scope !== 'node' || !payload.nodeName) return;
    const incidents = payload.factors.find((f) => f.name === 'incidents')?.value;
    if (incidents === null || incidents === undefined) openIncidents.remove({ node: payload.nodeName });
    else openIncidents.set({ node: payload.nodeName }, incidents);
  };

  events.on('produced', ({ topic, envelopes }) => {
    if (!envelopes) return;
    if (topic === BACKLOG) envelopes.forEach((e) => recordBacklog(e as Backlog));
    else if (topic === HEALTH) envelopes.forEach((e) => recordHealth(e as Health));
  });
}
