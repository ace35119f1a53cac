import { collectDefaultMetrics, Registry } from 'prom-client';

/** One Prometheus registry per process; every metric carries the `service` label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'flowpilot_process_' });
  return registry;
}
