import { AppLogger } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import { FareDecisionEvents } from '../fare-rules/fare-decision.events';
import { toLockedTask } from '../runtime/locked-task.factory';
import { WorkerEvents } from '../runtime/worker.events';
import { WorkersObservability } from './workers.observability';

const taskOf = (id: string) =>
  toLockedTask({
    id,
    topicName: 'analyze-fare-rules',
    workerId: 'w',
    activityId: null,
    activityInstanceId: null,
    executionId: null,
    processInstanceId: 'pi',
    processDefinitionId: null,
    processDefinitionKey: null,
    businessKey: null,
    priority: 0,
    retries: null,
    lockExpirationTime: null,
  });
const task = taskOf('t1');
const other = taskOf('t2');

describe('WorkersObservability', () => {
  it('counts tasks, failures, in-flight, lock extensions and LLM usage from lifecycle events', async () => {
    const registry = new Registry();
    const worker = new WorkerEvents();
    const llm = new FareDecisionEvents();
    new WorkersObservability(registry, worker, llm, new AppLogger('workers', 'error', () => undefined));

    worker.emit('task:started', { task });
    worker.emit('task:started', { task: other });
    worker.emit('lock:extended', { task, newDurationMs: 1_000 });
    worker.emit('task:completed', { task, durationMs: 20, variableNames: [] });
    worker.emit('task:failed', {
      task: other,
      durationMs: 5,
      error: new Error('x'),
      retriesLeft: 0,
      retryTimeoutMs: 0,
    });
    llm.emit('llm:call', {
      model: 'm',
      outcome: 'success',
      latencyMs: 300,
      promptTokens: 148,
      completionTokens: 2,
      costUsd: 0.0001,
      error: null,
    });
    llm.emit('llm:call', {
      model: 'm',
      outcome: 'timeout',
      latencyMs: 500,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      error: 'LLM call timed out',
    });
    const sut = await registry.metrics();

    expect(sut).toContain('flowpilot_worker_tasks_total{topic="analyze-fare-rules",outcome="completed"} 1');
    expect(sut).toContain('flowpilot_worker_tasks_total{topic="analyze-fare-rules",outcome="failed"} 1');
    expect(sut).toContain(
      'flowpilot_worker_task_failures_total{topic="analyze-fare-rules",incident="true"} 1',
    );
    expect(sut).toContain('flowpilot_worker_tasks_in_flight{topic="analyze-fare-rules"} 0');
    expect(sut).toContain('flowpilot_worker_lock_extensions_total{topic="analyze-fare-rules",result="ok"} 1');
    expect(sut).toContain(
      'flowpilot_worker_task_duration_seconds_count{topic="analyze-fare-rules",outcome="completed"} 1',
    );
    expect(sut).toContain('flowpilot_worker_openai_api_calls_total{model="m",outcome="success"} 1');
    expect(sut).toContain('flowpilot_worker_openai_api_errors_total{model="m",outcome="timeout"} 1');
    expect(sut).toContain('flowpilot_worker_openai_tokens_total{model="m",kind="prompt"} 148');
    expect(sut).toContain('flowpilot_worker_cost_usd_total{model="m"} 0.0001');
    expect(sut).toContain('flowpilot_worker_openai_api_duration_seconds_count{model="m"} 2');
  });
});
