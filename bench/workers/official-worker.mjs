// Benchmark worker process: camunda-external-task-client-js 3.1 (ESM-only) with the same no-op handler.
// argv[2] is a JSON object: { engineUrl, topic, clientOptions }. Prints "ready" once polling; on SIGTERM
// prints the CPU time it used since it was ready, and its memory, as JSON.
import { Client } from 'camunda-external-task-client-js';

const { engineUrl, topic, clientOptions } = JSON.parse(process.argv[2]);
const client = new Client({ baseUrl: engineUrl, workerId: 'official-bench', ...clientOptions });
client.on('complete:error', (_task, error) => process.stderr.write(`complete failed: ${error?.message}\n`));
client.on('poll:error', (error) => process.stderr.write(`poll failed: ${error?.message}\n`));
client.subscribe(topic, async ({ task, taskService }) => {
  await taskService.complete(task);
});
const atReady = process.cpuUsage();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  client.stop();
  // The client has no graceful drain; give in-flight completions a moment.
  setTimeout(() => {
    const cpu = process.cpuUsage(atReady);
    process.stdout.write(
      `${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`,
    );
    process.exit(0);
  }, 500);
});
