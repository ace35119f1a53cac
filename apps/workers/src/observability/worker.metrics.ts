import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LockedTask } from '../runtime/task-handler';
import { WorkerEvents } from '../runtime/worker.events';

const TASK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The runtime's task metrics, fed by its lifecycle events. */
export function registerWorkerMetrics(registry: Registry, worker: WorkerEvents): void {
  const registers = [registry];
  const tasks = new Counter({
    name: 'flowpilot_worker_tasks_total',
    help: 'External tasks handled, per topic and outcome (completed, bpmn-error, failed).',
    labelNames: ['topic', 'outcome'],
    registers,
  });
  const duration = new Histogram({
    name: 'flowpilot_worker_task_duration_seconds',
    help: 'Time from a task being locked by this worker to its outcome being reported.',
    labelNames: ['topic', 'outcome'],
    buckets: TASK_BUCKETS,
    registers,
  });
  const failures = new Counter({
    name: 'flowpilot_worker_task_failures_total',
    help: 'Technical failures reported to Camunda, per topic; incident="true" when no retries were left.',
    labelNames: ['topic', 'incident'],
    registers,
  });
  const inFlight = new Gauge({
    name: 'flowpilot_worker_tasks_in_flight',
    help: 'Tasks whose handler is running, per topic.',
    labelNames: ['topic'],
    registers,
  });
  const lockExtensions = new Counter({
    name: 'flowpilot_worker_lock_extensions_total',
    help: 'Lock extensions, per topic and result (ok, error).',
    labelNames: ['topic', 'result'],
    registers,
  });
  const fetchErrors = new Counter({
    name: 'flowpilot_worker_fetch_errors_total',
    help: 'fetchAndLock calls that failed, per topic.',
    labelNames: ['topic'],
    registers,
  });
  const reportErrors = new Counter({
    name: 'flowpilot_worker_report_errors_total',
    help: 'Outcomes Camunda did not accept (lock lost, task gone, node unreachable), per topic and action.',
    labelNames: ['topic', 'action'],
    registers,
  });
  const unlocked = new Counter({
    name: 'flowpilot_worker_tasks_unlocked_total',
    help: 'Tasks handed back unfinished at shutdown, per topic.',
    labelNames: ['topic'],
    registers,
  });

  // Any of a task's last events ends its run, whichever comes (outcome, refused report, unlock).
  const running = new Set<string>();
  const ended = (task: LockedTask) => {
    if (running.delete(task.id)) inFlight.dec({ topic: task.topic });
  };
  worker.on('task:started', ({ task }) => {
    running.add(task.id);
    inFlight.inc({ topic: task.topic });
  });
  const finish = (task: LockedTask, outcome: string, durationMs: number) => {
    ended(task);
    tasks.inc({ topic: task.topic, outcome });
    duration.observe({ topic: task.topic, outcome }, durationMs / 1000);
  };
  worker.on('task:completed', ({ task, durationMs }) => finish(task, 'completed', durationMs));
  worker.on('task:bpmn-error', ({ task, durationMs }) => finish(task, 'bpmn-error', durationMs));
  worker.on('task:failed', ({ task, durationMs, retriesLeft }) => {
    finish(task, 'failed', durationMs);
    failures.inc({ topic: task.topic, incident: String(retriesLeft === 0) });
  });
  worker.on('task:report-error', ({ task, action }) => {
    reportErrors.inc({ topic: task.topic, action });
    ended(task);
  });
  worker.on('task:unlocked', ({ task }) => {
    unlocked.inc({ topic: task.topic });
    ended(task);
  });
  worker.on('lock:extended', ({ task }) => lockExtensions.inc({ topic: task.topic, result: 'ok' }));
  worker.on('lock:extend-error', ({ task }) => lockExtensions.inc({ topic: task.topic, result: 'error' }));
  worker.on('poll:error', ({ topic }) => fetchErrors.inc({ topic }));
}
