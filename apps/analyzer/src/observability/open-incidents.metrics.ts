import { Gauge, Registry } from 'prom-client';
import type { Envelope, PayloadOf, PipelineEvents } from '@flowpilot/shared';

const HEALTH = 'analysis.health.v1';

type Health = Envelope<PayloadOf<typeof HEALTH>>;

/**
 * The Camunda business gauge the analyzer owns: open incidents per node, as counted by the `incidents`
 * factor of the node health judgements this analyzer published (the pipeline's `produced` events carry
 * the envelopes it sent), as the collector does for the backlog. A judgement without that count drops
 * the series.
 */
export function registerOpenIncidentsMetrics(registry: Registry, events: PipelineEvents): void {
  const openIncidents = new Gauge({
    name: 'flowpilot_camunda_open_incidents',
    help: "Open incidents of a Camunda node, as counted by the analyzer's last health score of the node.",
    labelNames: ['node'],
    registers: [registry],
  });

  const record = ({ payload }: Health): void => {
    if (payload.scope !== 'node' || !payload.nodeName) return;
    const incidents = payload.factors.find((f) => f.name === 'incidents')?.value;
    if (incidents === null || incidents === undefined) openIncidents.remove({ node: payload.nodeName });
    else openIncidents.set({ node: payload.nodeName }, incidents);
  };

  events.on('produced', ({ topic, envelopes }) => {
    if (topic === HEALTH && envelopes) envelopes.forEach((e) => record(e as Health));
  });
}
