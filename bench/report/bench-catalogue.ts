/** What `npm run bench` is asked to do: the run-wide knobs every benchmark's parameters derive from. */
export interface RunSettings {
  quick: boolean;
  /** Comma-separated historic process-instance counts for the collector benchmark. */
  collectorSizes: string;
  e2eIncidents: number;
}

/** One benchmark as the runner starts it: a script run by Node with ts-node, in its own process. */
export interface BenchDefinition {
  id: string;
  title: string;
  script: string;
  nodeArgs: string[];
  args: (settings: RunSettings) => string[];
  env: (settings: RunSettings) => Record<string, string>;
  /** Needs Kafka, PostgreSQL and Camunda (scripts/stack.sh). */
  needsStack: boolean;
  /** Runs the apps from dist/, so dist/ must match the sources. */
  needsBuild: boolean;
  timeoutMs: (settings: RunSettings) => number;
}

const MINUTE = 60_000;
const pick = <T>(settings: RunSettings, quick: T, full: T): T => (settings.quick ? quick : full);
const largestOf = (sizes: string) => Math.max(...sizes.split(',').map(Number));

/** In report order: the headline end-to-end figure first, offline ones last. */
export const BENCHMARKS: BenchDefinition[] = [
  {
    id: 'e2e',
    title: 'incident-to-webhook latency',
    script: 'bench/e2e/incident-to-webhook.bench.ts',
    nodeArgs: [],
    args: () => [],
    env: (s) => ({ BENCH_E2E_INCIDENTS: String(s.e2eIncidents) }),
    needsStack: true,
    needsBuild: true,
    timeoutMs: () => 12 * MINUTE,
  },
  {
    id: 'collector',
    title: 'collector cycle cost against history size',
    script: 'bench/collector/collector-cycle.bench.ts',
    nodeArgs: [],
    args: (s) => [s.collectorSizes],
    env: () => ({}),
    needsStack: true,
    needsBuild: false,
    // Seeding a million-instance history the first time takes far longer than measuring it.
    timeoutMs: (s) => (largestOf(s.collectorSizes) >= 1_000_000 ? 180 * MINUTE : 20 * MINUTE),
  },
  {
    id: 'workers',
    title: 'worker throughput and latency against the official client',
    script: 'bench/workers/run-bench.ts',
    nodeArgs: [],
    args: () => [],
    env: (s) => ({
      BENCH_TASKS: pick(s, '200', '1000'),
      BENCH_LATENCY_TASKS: pick(s, '40', '200'),
      BENCH_ROUNDS: pick(s, '1', '2'),
    }),
    needsStack: true,
    needsBuild: false,
    timeoutMs: () => 20 * MINUTE,
  },
  {
    id: 'gateway',
    title: 'gateway REST throughput, p99 and webhook latency',
    script: 'bench/gateway/gateway.bench.ts',
    nodeArgs: [],
    args: () => [],
    env: (s) => ({
      BENCH_GATEWAY_INCIDENTS: pick(s, '200', '2000'),
      BENCH_GATEWAY_DURATION_S: pick(s, '3', '10'),
      BENCH_GATEWAY_HOOK_EVENTS: pick(s, '60', '300'),
    }),
    needsStack: true,
    needsBuild: false,
    timeoutMs: () => 15 * MINUTE,
  },
  {
    id: 'process-page',
    title: 'process page load with 1,000 running instances and 100k history rows',
    script: 'bench/gateway/process-page.bench.ts',
    nodeArgs: [],
    args: () => [],
    env: (s) => ({
      BENCH_PAGE_RUNNING: pick(s, '200', '1000'),
      BENCH_PAGE_HISTORY_ROWS: pick(s, '20000', '100000'),
      BENCH_PAGE_ROUNDS: pick(s, '3', '10'),
    }),
    needsStack: true,
    needsBuild: false,
    // Seeding the engine the first time (2,000 instances of 52 activities) takes most of it.
    timeoutMs: () => 30 * MINUTE,
  },
  {
    id: 'bpmn-generator',
    title: 'BPMN generation time',
    script: 'bench/bpmn-generator/generation.bench.ts',
    nodeArgs: [],
    args: (s) => [pick(s, '2', '10')],
    env: () => ({}),
    needsStack: false,
    needsBuild: false,
    timeoutMs: () => 10 * MINUTE,
  },
  {
    id: 'bpmn-fidelity',
    title: 'BPMN generator fidelity on 49 public text→model pairs',
    script: 'bench/bpmn-fidelity/fidelity.bench.ts',
    nodeArgs: [],
    args: () => [],
    env: () => ({}),
    // Deploys and starts every generated model on Camunda node1.
    needsStack: true,
    needsBuild: false,
    timeoutMs: () => 5 * MINUTE,
  },
  {
    id: 'analyzer',
    title: 'analyzer percentiles and anomalies (offline)',
    script: 'bench/analyzer/analyzer.bench.ts',
    nodeArgs: ['--expose-gc'],
    // The standalone default adds 4M instances; 1M keeps the one command within its time budget.
    args: (s) => [pick(s, '100000', '1000000')],
    env: () => ({}),
    needsStack: false,
    needsBuild: false,
    timeoutMs: () => 10 * MINUTE,
  },
  {
    id: 'analyzer-ingest',
    title: 'analyzer ingest through Kafka and PostgreSQL',
    script: 'bench/analyzer/analyzer-ingest.bench.ts',
    nodeArgs: [],
    args: (s) => [pick(s, '1000', '5000')],
    env: () => ({}),
    needsStack: true,
    needsBuild: false,
    timeoutMs: () => 10 * MINUTE,
  },
  {
    id: 'pipeline',
    title: 'the pipeline keeping up with an engine at full speed (private stack)',
    script: 'bench/pipeline/pipeline.bench.ts',
    nodeArgs: [],
    args: () => [],
    // 2,000 × 10 is the burst of issue 13 (26,003 activity instances); --quick runs a tenth of it.
    env: (s) => ({
      BENCH_PIPELINE_BRANCHES: pick(s, '200', '2000'),
      BENCH_PIPELINE_BACKLOG: pick(s, '1000', '10000'),
      BENCH_PIPELINE_INCIDENTS: pick(s, '5', '10'),
      BENCH_PIPELINE_PHASE_TIMEOUT_S: pick(s, '120', '420'),
    }),
    // It starts and stops its own Kafka and Camunda (scripts/stack.sh with a private STACK_DIR).
    needsStack: false,
    needsBuild: true,
    timeoutMs: (s) => pick(s, 30, 60) * MINUTE,
  },
  {
    id: 'kafka-idle',
    title: "CPU of a service's idle Kafka clients",
    script: 'bench/kafka/idle-cpu.bench.ts',
    nodeArgs: [],
    args: (s) => [pick(s, '1', '3'), pick(s, '5000', '10000')],
    env: () => ({}),
    needsStack: true,
    needsBuild: false,
    timeoutMs: () => 5 * MINUTE,
  },
  {
    id: 'incident-ai',
    title: 'incident-ai rule engine accuracy and cost',
    script: 'bench/incident-ai/rule-engine.bench.ts',
    nodeArgs: [],
    args: (s) => [pick(s, '50', '300')],
    env: () => ({}),
    needsStack: false,
    needsBuild: false,
    timeoutMs: () => 5 * MINUTE,
  },
];

/** The benchmarks `--only a,b` names, in report order; an unknown name is an error, not an empty run. */
export function selectBenchmarks(only: string[] | null): BenchDefinition[] {
  if (!only) return BENCHMARKS;
  const unknown = only.filter((id) => !BENCHMARKS.some((b) => b.id === id));
  if (unknown.length > 0)
    throw new Error(
      `unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`,
    );
  return BENCHMARKS.filter((b) => only.includes(b.id));
}
