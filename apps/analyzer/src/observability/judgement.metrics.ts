import { Counter, Gauge, Registry } from 'prom-client';
import { JudgementEvents } from './judgement.events';

/** The analyzer's Prometheus series, fed by its judgement events. */
export function registerJudgementMetrics(registry: Registry, events: JudgementEvents): void {
  const anomalies = new Counter({
    name: 'flowpilot_analyzer_anomalies_total',
    help: 'Duration anomalies published, per node, scope (process, activity) and direction.',
    labelNames: ['node', 'scope', 'direction'],
    registers: [registry],
  });
  const atRisk = new Counter({
    name: 'flowpilot_analyzer_sla_at_risk_total',
    help: 'Instances and user tasks that became at risk of breaching their SLA, per node and subject.',
    labelNames: ['node', 'subject'],
    registers: [registry],
  });
  const breached = new Counter({
    name: 'flowpilot_analyzer_sla_breached_total',
    help: 'Instances and user tasks that breached their SLA, per node and subject.',
    labelNames: ['node', 'subject'],
    registers: [registry],
  });
  const health = new Gauge({
    name: 'flowpilot_analyzer_health_score',
    help: 'Health score 0-100 of a node (scope="node") or the cluster (scope="cluster", node="").',
    labelNames: ['scope', 'node'],
    registers: [registry],
  });
  const factor = new Gauge({
    name: 'flowpilot_analyzer_health_factor_score',
    help: 'Score 0-100 of one health factor of a node or the cluster.',
    labelNames: ['scope', 'node', 'factor'],
    registers: [registry],
  });

  events.on('anomaly', (a) => anomalies.inc({ node: a.nodeName, scope: a.scope, direction: a.direction }));
  events.on('sla', (s) =>
    (s.state === 'breached' ? breached : atRisk).inc({ node: s.nodeName, subject: s.subject }),
  );
  events.on('health', (h) => {
    const labels = { scope: h.scope, node: h.nodeName ?? '' };
    health.set(labels, h.score);
    for (const f of h.factors) factor.set({ ...labels, factor: f.name }, f.score);
  });
}
