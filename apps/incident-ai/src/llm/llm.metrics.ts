import { Counter, Histogram, Registry } from 'prom-client';
import { LlmEvents } from './llm.events';

/** `flowpilot_llm_*`: calls, retries, tokens and cost, fed by the LLM client's lifecycle events. */
export function registerLlmMetrics(registry: Registry, events: LlmEvents): void {
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
  const retries = new Counter({
    name: 'flowpilot_llm_retries_total',
    help: 'Retries after a 429, a 5xx or a timeout.',
    labelNames: ['model'],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'flowpilot_llm_tokens_total',
    help: 'Tokens reported by the LLM, per model and kind (prompt, completion).',
    labelNames: ['model', 'kind'],
    registers: [registry],
  });
  const cost = new Counter({
    name: 'flowpilot_llm_cost_usd_total',
    help: 'Estimated spend in USD from token usage and the configured per-1K-token prices.',
    labelNames: ['model'],
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
  events.on('retrying', ({ model }) => retries.inc({ model }));
  events.on('usage', ({ model, promptTokens, completionTokens, costUsd }) => {
    tokens.inc({ model, kind: 'prompt' }, promptTokens);
    tokens.inc({ model, kind: 'completion' }, completionTokens);
    cost.inc({ model }, costUsd);
  });
  events.on('skipped', ({ reason }) => skipped.inc({ reason }));
  events.on('cacheHit', () => cacheHits.inc());
}
