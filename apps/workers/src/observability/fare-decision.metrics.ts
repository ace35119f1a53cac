import { Counter, Histogram, Registry } from 'prom-client';
import { FareDecisionEvents } from '../fare-rules/fare-decision.events';

const LLM_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/** The fare-rules decisions and the model calls behind them; the dashboards query these names. */
export function registerFareDecisionMetrics(registry: Registry, llm: FareDecisionEvents): void {
  const registers = [registry];
  const llmCalls = new Counter({
    name: 'flowpilot_worker_openai_api_calls_total',
    help: 'LLM calls, per model and outcome (success, invalid-answer, timeout, rate-limited, error).',
    labelNames: ['model', 'outcome'],
    registers,
  });
  const llmErrors = new Counter({
    name: 'flowpilot_worker_openai_api_errors_total',
    help: 'LLM calls that gave no usable answer, per model and outcome.',
    labelNames: ['model', 'outcome'],
    registers,
  });
  const llmDuration = new Histogram({
    name: 'flowpilot_worker_openai_api_duration_seconds',
    help: 'LLM call latency.',
    labelNames: ['model'],
    buckets: LLM_BUCKETS,
    registers,
  });
  const llmTokens = new Counter({
    name: 'flowpilot_worker_openai_tokens_total',
    help: 'Tokens used, per model and kind (prompt, completion).',
    labelNames: ['model', 'kind'],
    registers,
  });
  const llmCost = new Counter({
    name: 'flowpilot_worker_cost_usd_total',
    help: 'Estimated LLM spend in USD (LLM_PRICE_* settings), per model.',
    labelNames: ['model'],
    registers,
  });
  const decisions = new Counter({
    name: 'flowpilot_worker_refund_requests_total',
    help: 'Fare-rules decisions, per decision and source (rules, guard, llm, cache, fallback).',
    labelNames: ['decision', 'source'],
    registers,
  });

  llm.on('llm:call', ({ model, outcome, latencyMs, promptTokens, completionTokens, costUsd }) => {
    llmCalls.inc({ model, outcome });
    if (outcome !== 'success') llmErrors.inc({ model, outcome });
    llmDuration.observe({ model }, latencyMs / 1000);
    llmTokens.inc({ model, kind: 'prompt' }, promptTokens);
    llmTokens.inc({ model, kind: 'completion' }, completionTokens);
    llmCost.inc({ model }, costUsd);
  });
  llm.on('fare:decision', ({ decision, source }) => decisions.inc({ decision, source }));
}
