import { Counter, Histogram, Registry } from 'prom-client';
import { IncidentLlmEvents } from './incident-llm.events';

/** `flowpilot_llm_*` of the analyst: analyses asked, skips and cache hits (the client's own are registered beside). */
export function registerIncidentLlmMetrics(registry: Registry, events: IncidentLlmEvents): void {
  const requests = new Counter({
    name: 'flowpilot_llm_requests_total',
    help: 'LLM analyses requested, per model and outcome (answered, invalid-answer, rejected, timeout, rate-limited, error).',
    labelNames: ['model', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'flowpilot_llm_request_duration_seconds',
    help: 'Time for one LLM analysis, retries included.',
    labelNames: ['model'],
    buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 60],
    registers: [registry],
  });
  const skipped = new Counter({
    name: 'flowpilot_llm_skipped_total',
    help: 'Incidents that needed the LLM but did not get it (rate-limit, disabled).',
    labelNames: ['reason'],
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'flowpilot_llm_cache_hits_total',
    help: 'Incidents answered from the LLM answer cached for their pattern, with no new call.',
    registers: [registry],
  });

  events.on('requested', ({ model, outcome, durationMs }) => {
    requests.inc({ model, outcome });
    duration.observe({ model }, durationMs / 1000);
  });
  events.on('skipped', ({ reason }) => skipped.inc({ reason }));
  events.on('cacheHit', () => cacheHits.inc());
}
