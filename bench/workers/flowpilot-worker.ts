/**
 * Benchmark worker process: Flowpilot's runtime with a no-op handler.
 * argv[2] is a JSON object: { engineUrl, topic, maxTasks, concurrency, asyncResponseTimeout, lockDuration, variables? }.
 * Prints "ready" once polling; on SIGTERM stops gracefully and prints the CPU time it used since it was ready, and its memory, as JSON.
 */
import { CamundaFleet } from '@flowpilot/shared';
import { ExternalTaskApi } from '../../apps/workers/src/runtime/external-task.api';
import { complete } from '../../apps/workers/src/runtime/task-handler';
import { WorkerRuntime } from '../../apps/workers/src/runtime/worker-runtime';

interface Options {
  engineUrl: string;
  topic: string;
  maxTasks: number;
  concurrency: number;
  asyncResponseTimeout: number;
  lockDuration: number;
  /** Variables the handler reads; omitted: all (as the official client fetches by default). */
  variables?: string[];
}

const options = JSON.parse(process.argv[2]) as Options;
const fleet = new CamundaFleet({
  nodes: [{ index: 1, name: 'bench', url: options.engineUrl }],
  requestTimeoutMs: 30_000,
});
const api = new ExternalTaskApi(fleet, {
  nodeId: 'bench',
  workerId: 'flowpilot-bench',
  requestTimeoutMs: 30_000,
});
const runtime = new WorkerRuntime(api, {
  maxTasks: options.maxTasks,
  concurrencyPerTopic: options.concurrency,
  lockDurationMs: options.lockDuration,
  asyncResponseTimeoutMs: options.asyncResponseTimeout,
  usePriority: true,
  pollIntervalMs: 300,
  lockExtendPercent: 50,
  retries: 3,
  retryBackoff: { baseMs: 1_000, maxMs: 60_000 },
  fetchBackoff: { baseMs: 200, maxMs: 5_000 },
});
runtime.register({ topic: options.topic, variables: options.variables, handle: async () => complete() });
runtime.events.on('task:report-error', ({ action, error }) =>
  process.stderr.write(`report ${action} failed: ${error.message}\n`),
);
runtime.events.on('poll:error', ({ error }) => process.stderr.write(`poll failed: ${error.message}\n`));
runtime.start();
const atReady = process.cpuUsage();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void runtime.stop(5_000).then(() => {
    const cpu = process.cpuUsage(atReady);
    process.stdout.write(
      `${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`,
    );
    process.exit(0);
  });
});
