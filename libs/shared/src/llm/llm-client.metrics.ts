import { Counter, Histogram, Registry } from 'prom-client';
import { LlmClientEvents } from './llm-client.events';

/**
 * `<prefix>_calls_total{model,outcome}`, `<prefix>_call_duration_seconds{model}`,
 * `<prefix>_retries_total{model}`, `<prefix>_tokens_total{model,kind}`,
 * `<prefix>_cost_usd_total{model}`, fed by the shared client's events.
 */
export function registerLlmClientMetrics(registry: Registry, events: LlmClientEvents, prefix: string): void {
  const calls = new Counter({
    name: `${prefix}_calls_total`,
    help: 'LLM calls (retries included), per model and outcome (answered, timeout, rate-limited, error).',
    labelNames: ['model', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${prefix}_call_duration_seconds`,
    help: 'Time for one LLM call, retries included.',
    labelNames: ['model'],
    buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 60],
    registers: [registry],
  });
  const retries = new Counter({
    name: `${prefix}_retries_total`,
    help: 'Retries after a 429, a 5xx, a timeout or a connection error.',
    labelNames: ['model'],
    registers: [registry],
  });
  const tokens = new Counter({
    name: `${prefix}_tokens_total`,
    help: 'Tokens reported by the LLM, per model and kind (prompt, completion).',
    labelNames: ['model', 'kind'],
    registers: [registry],
  });
  const cost = new Counter({
    name: `${prefix}_cost_usd_total`,
    help: 'Estimated spend in USD from token usage and the configured prices.',
    labelNames: ['model'],
    registers: [registry],
  });
  events.on('called', ({ model, outcome, durationMs }) => {
    calls.inc({ model, outcome });
    duration.observe({ model }, durationMs / 1000);
  });
  events.on('retrying', ({ model }) => retries.inc({ model }));
  events.on('usage', ({ model, promptTokens, completionTokens, costUsd }) => {
    tokens.inc({ model, kind: 'prompt' }, promptTokens);
    tokens.inc({ model, kind: 'completion' }, completionTokens);
    cost.inc({ model }, costUsd);
  });
}
