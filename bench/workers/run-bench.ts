/**
 * External-task throughput and latency: Flowpilot's worker runtime against
 * camunda-external-task-client-js 3.1 (defaults, and tuned with long polling
 * and a larger maxTasks), on the same Camunda node, with the same no-op
 * handler and the same number of tasks. Each worker runs in its own process.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/workers/run-bench.ts
 *
 * Settings (environment): CAMUNDA_NODE_1_URL, BENCH_TASKS (backlog drained
 * for throughput, default 1000), BENCH_LATENCY_TASKS (default 200),
 * BENCH_LATENCY_RATE (tasks started per second, default 20), BENCH_ROUNDS (default 2).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchMetric, emitBenchOutcome } from '../report/bench-result';

const ENGINE = process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest';
const TASKS = Number(process.env.BENCH_TASKS ?? 1000);
const LATENCY_TASKS = Number(process.env.BENCH_LATENCY_TASKS ?? 200);
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ONLY = (process.env.BENCH_SCENARIOS ?? '').split(',').filter(Boolean);
const ROOT = resolve(__dirname, '../..');

interface Scenario {
  name: string;
  kind: 'flowpilot' | 'official';
  describe: string;
  options: Record<string, unknown>;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'official-defaults',
    kind: 'official',
    describe: 'maxTasks 10, interval 300 ms, no long polling',
    options: {},
  },
  {
    name: 'official-tuned',
    kind: 'official',
    describe: 'maxTasks 100, asyncResponseTimeout 10000 (long polling), interval 300 ms',
    options: { maxTasks: 100, asyncResponseTimeout: 10_000 },
  },
  {
    name: 'flowpilot',
    kind: 'flowpilot',
    describe: 'maxTasks 100, asyncResponseTimeout 10000, concurrency 100',
    options: {
      maxTasks: 100,
      concurrency: 100,
      asyncResponseTimeout: 10_000,
      lockDuration: 50_000,
      ...JSON.parse(process.env.BENCH_FLOWPILOT_OPTIONS ?? '{}'),
    },
  },
];

interface Result {
  scenario: string;
  round: number;
  tasksPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number };
  /** Worker CPU time per completed task (both phases), and its resident memory at the end. */
  cpuMsPerTask: number | null;
  rssMb: number | null;
}

async function camunda<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${ENGINE}${path}`, {
    method,
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

function bpmn(key: string, topic: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_${key}" targetNamespace="https://flowpilot.dev/bench">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="${topic}"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** Returns the deployment id and the definition id of each key (history queries filter by definition id). */
async function deploy(
  keys: string[],
  topic: string,
): Promise<{ id: string; definitions: Record<string, string> }> {
  const form = new FormData();
  form.append('deployment-name', `bench-${topic}`);
  for (const key of keys)
    form.append(`${key}.bpmn`, new Blob([bpmn(key, topic)], { type: 'application/xml' }), `${key}.bpmn`);
  const response = await fetch(`${ENGINE}/deployment/create`, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`deploy: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as {
    id: string;
    deployedProcessDefinitions: Record<string, { id: string; key: string }>;
  };
  const definitions = Object.fromEntries(
    Object.values(body.deployedProcessDefinitions).map((d) => [d.key, d.id]),
  );
  return { id: body.id, definitions };
}

async function startInstances(key: string, count: number, parallel = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next += 1;
        await camunda('POST', `/process-definition/key/${key}/start`, {});
      }
    }),
  );
}

async function finishedActivities(definitionId: string): Promise<{ startTime: string; endTime: string }[]> {
  const all: { startTime: string; endTime: string }[] = [];
  for (let first = 0; ; first += 500) {
    const page = await camunda<{ startTime: string; endTime: string }[]>(
      'GET',
      `/history/activity-instance?processDefinitionId=${definitionId}&activityId=work&finished=true&firstResult=${first}&maxResults=500`,
    );
    all.push(...page);
    if (page.length < 500) return all;
  }
}

async function waitFinished(definitionId: string, expected: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { count } = await camunda<{ count: number }>(
      'GET',
      `/history/activity-instance/count?processDefinitionId=${definitionId}&activityId=work&finished=true`,
    );
    if (count >= expected) return;
    if (Date.now() > end)
      throw new Error(`${definitionId}: only ${count} of ${expected} tasks completed in time`);
    await sleep(200);
  }
}

const time = (camundaDate: string) => Date.parse(camundaDate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

function startWorker(scenario: Scenario, topic: string): Promise<ChildProcess> {
  const args =
    scenario.kind === 'flowpilot'
      ? [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          resolve(__dirname, 'flowpilot-worker.ts'),
          JSON.stringify({ engineUrl: ENGINE, topic, ...scenario.options }),
        ]
      : [
          resolve(__dirname, 'official-worker.mjs'),
          JSON.stringify({ engineUrl: ENGINE, topic, clientOptions: scenario.options }),
        ];
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the workers.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
  });
  return new Promise((resolveReady, reject) => {
    child.once('exit', (code) => reject(new Error(`${scenario.name} worker exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolveReady(child);
    });
  });
}

/** Stops the worker and returns what it reports about itself: CPU time and resident memory. */
async function stopWorker(child: ChildProcess): Promise<{ cpuMs: number; rssMb: number } | null> {
  let report: { cpuMs: number; rssMb: number } | null = null;
  child.stdout?.on('data', (chunk: Buffer) => {
    const line = chunk
      .toString()
      .split('\n')
      .find((l) => l.startsWith('{'));
    if (line) report = JSON.parse(line) as { cpuMs: number; rssMb: number };
  });
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  return report;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(scenario: Scenario, round: number): Promise<Result> {
  const id = `${scenario.name}-${randomUUID().slice(0, 8)}`;
  const topic = `bench-${id}`;
  const backlogKey = `bench-tp-${id}`;
  const latencyKey = `bench-lat-${id}`;
  const deployment = await deploy([backlogKey, latencyKey], topic);
  try {
    // Throughput: a backlog of TASKS tasks exists before the worker starts.
    await startInstances(backlogKey, TASKS);
    const worker = await startWorker(scenario, topic);
    let stopped = false;
    try {
      await waitFinished(deployment.definitions[backlogKey], TASKS, 300_000);
      const ends = (await finishedActivities(deployment.definitions[backlogKey]))
        .map((a) => time(a.endTime))
        .sort((a, b) => a - b);
      const tasksPerSecond = ((ends.length - 1) * 1000) / Math.max(ends[ends.length - 1] - ends[0], 1);

      // Latency: tasks appear at a steady rate while the worker is idle-waiting.
      const gapMs = 1000 / LATENCY_RATE;
      const started = Date.now();
      for (let i = 0; i < LATENCY_TASKS; i += 1) {
        const due = started + i * gapMs;
        if (due > Date.now()) await sleep(due - Date.now());
        void camunda('POST', `/process-definition/key/${latencyKey}/start`, {}).catch((error: Error) =>
          process.stderr.write(`${error.message}\n`),
        );
      }
      await waitFinished(deployment.definitions[latencyKey], LATENCY_TASKS, 120_000);
      const latencies = (await finishedActivities(deployment.definitions[latencyKey]))
        .map((a) => time(a.endTime) - time(a.startTime))
        .sort((a, b) => a - b);
      if (process.env.BENCH_DEBUG)
        process.stderr.write(`${scenario.name} latencies: ${latencies.join(' ')}\n`);
      const mean = latencies.reduce((s, v) => s + v, 0) / latencies.length;
      const usage = await stopWorker(worker);
      stopped = true;
      return {
        scenario: scenario.name,
        round,
        tasksPerSecond,
        latencyMs: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          mean,
        },
        cpuMsPerTask: usage ? usage.cpuMs / (TASKS + LATENCY_TASKS) : null,
        rssMb: usage ? usage.rssMb : null,
      };
    } finally {
      if (!stopped) await stopWorker(worker);
    }
  } finally {
    await camunda('DELETE', `/deployment/${deployment.id}?cascade=true`).catch(() => undefined);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const version = await camunda<{ version: string }>('GET', '/version');
  process.stdout.write(
    `Camunda ${version.version} at ${ENGINE}; ${TASKS} backlog tasks, ${LATENCY_TASKS} latency tasks at ${LATENCY_RATE}/s, ${ROUNDS} round(s)\n`,
  );
  const results: Result[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Alternate the order so neither side always runs on a warmer engine.
    const selected = SCENARIOS.filter((s) => ONLY.length === 0 || ONLY.includes(s.name));
    const order = round % 2 ? selected : [...selected].reverse();
    for (const scenario of order) {
      const result = await measure(scenario, round);
      results.push(result);
      process.stdout.write(
        `round ${round} ${scenario.name.padEnd(18)} ${result.tasksPerSecond.toFixed(1).padStart(7)} tasks/s   latency p50 ${result.latencyMs.p50} ms  p95 ${result.latencyMs.p95} ms  mean ${result.latencyMs.mean.toFixed(1)} ms   cpu ${result.cpuMsPerTask?.toFixed(2)} ms/task  rss ${result.rssMb?.toFixed(0)} MB\n`,
      );
    }
  }
  const summary = SCENARIOS.filter((s) => results.some((r) => r.scenario === s.name)).map((s) => {
    const mine = results.filter((r) => r.scenario === s.name);
    return {
      scenario: s.name,
      settings: s.describe,
      tasksPerSecond: median(mine.map((r) => r.tasksPerSecond)),
      latencyP50Ms: median(mine.map((r) => r.latencyMs.p50)),
      latencyP95Ms: median(mine.map((r) => r.latencyMs.p95)),
      latencyMeanMs: median(mine.map((r) => r.latencyMs.mean)),
      cpuMsPerTask: median(mine.map((r) => r.cpuMsPerTask ?? Number.NaN)),
    };
  });
  const flowpilot = summary.find((s) => s.scenario === 'flowpilot') ?? summary[0];
  process.stdout.write('\nmedian over rounds:\n');
  for (const s of summary) {
    process.stdout.write(
      `${s.scenario.padEnd(18)} ${s.tasksPerSecond.toFixed(1).padStart(7)} tasks/s  p50 ${s.latencyP50Ms} ms  p95 ${s.latencyP95Ms} ms  mean ${s.latencyMeanMs.toFixed(1)} ms  cpu ${s.cpuMsPerTask.toFixed(2)} ms/task   (${s.settings})\n`,
    );
  }
  process.stdout.write(
    '\nratios (flowpilot ÷ baseline; throughput higher is better, latency lower is better):\n',
  );
  const ratios = summary
    .filter((s) => s.scenario !== 'flowpilot')
    .map((s) => ({
      baseline: s.scenario,
      throughput: flowpilot.tasksPerSecond / s.tasksPerSecond,
      latencyP50: flowpilot.latencyP50Ms / Math.max(s.latencyP50Ms, 1),
      latencyMean: flowpilot.latencyMeanMs / Math.max(s.latencyMeanMs, 1),
    }));
  for (const r of ratios) {
    process.stdout.write(
      `vs ${r.baseline.padEnd(18)} throughput ×${r.throughput.toFixed(2)}   latency p50 ×${r.latencyP50.toFixed(2)}   latency mean ×${r.latencyMean.toFixed(2)}\n`,
    );
  }
  const outcomeMetrics = summary
    .filter((s) => s.scenario !== flowpilot.scenario)
    .flatMap((s): BenchMetric[] => [
      {
        name: `throughput vs ${s.scenario}`,
        unit: 'tasks/s',
        value: flowpilot.tasksPerSecond,
        better: 'higher',
        baseline: { name: s.scenario, value: s.tasksPerSecond },
      },
      {
        name: `latency p50 vs ${s.scenario}`,
        unit: 'ms',
        value: flowpilot.latencyP50Ms,
        better: 'lower',
        baseline: { name: s.scenario, value: s.latencyP50Ms },
      },
      {
        name: `latency p95 vs ${s.scenario}`,
        unit: 'ms',
        value: flowpilot.latencyP95Ms,
        better: 'lower',
        baseline: { name: s.scenario, value: s.latencyP95Ms },
      },
    ]);
  const emitted = emitBenchOutcome({
    what: `external tasks/s draining a backlog of ${TASKS}, and creation → completion latency of ${LATENCY_TASKS} tasks started at ${LATENCY_RATE}/s, no-op handler, each worker its own process, Camunda ${version.version}`,
    baseline: `camunda-external-task-client-js 3.1.0 on the same engine and tasks: ${SCENARIOS.filter(
      (s) => s.kind === 'official',
    )
      .map((s) => `${s.name} (${s.describe})`)
      .join('; ')}`,
    parameters: {
      tasks: TASKS,
      latencyTasks: LATENCY_TASKS,
      latencyRatePerSecond: LATENCY_RATE,
      rounds: ROUNDS,
    },
    metrics: outcomeMetrics,
    notes: summary.map(
      (s) =>
        `${s.scenario}: CPU ${s.cpuMsPerTask.toFixed(2)} ms/task (median over rounds), settings ${s.settings}`,
    ),
  });
  if (emitted) return;
  writeFileSync(
    resolve(__dirname, 'last-run.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        camunda: version.version,
        tasks: TASKS,
        latencyTasks: LATENCY_TASKS,
        latencyRate: LATENCY_RATE,
        rounds: ROUNDS,
        results,
        summary,
        ratios,
      },
      null,
      2,
    ) + '\n',
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
