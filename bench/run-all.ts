/**
 * The one benchmark command: runs every benchmark (each in its own process)
 * and writes one report, Markdown and JSON, with every figure as a ratio to its
 * baseline measured in the same run.
 *
 *   npm run bench [-- --only e2e,pipeline] [-- --quick] [-- --collector-sizes 10000,1000000] [-- --e2e-incidents 50]
 *
 * Writes bench/results/<timestamp>/report.{md,json} (with each benchmark's log
 * and raw result); a complete run (no --quick, no --only) also copies the
 * report to bench/results/latest.{md,json}.
 * Starts the local stack if it is down and builds dist/ if it is stale.
 * BENCH_COLLECTOR_SIZES sets the collector's history sizes like --collector-sizes.
 */
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CAMUNDA_NODE1_URL } from '../test/support/camunda';
import { RunSettings, selectBenchmarks } from './report/bench-catalogue';
import { runBenchmark, stopRunningBenchmarks } from './report/bench-child';
import { BenchEntry, BenchReport } from './report/bench-report';
import { busyProcesses, describeMachine } from './report/machine';
import { build, distIsStale, ensureStack } from './report/prerequisites';
import { formatDuration } from './report/report-format';
import { writeReport } from './report/report-writer';

const ROOT = resolve(__dirname, '..');
const RESULTS = join(ROOT, 'bench/results');
/** The apps benchmarks run from dist/ (e2e, pipeline): a stale build of any of them is rebuilt. */
const BUILT_APPS = ['collector', 'analyzer', 'incident-ai', 'gateway'];

interface Options {
  only: string[] | null;
  settings: RunSettings;
}

function parseOptions(argv: string[]): Options {
  const valueOf = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    if (index === -1) return undefined;
    const value = argv[index + 1];
    if (!value || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    return value;
  };
  const known = new Set(['--only', '--quick', '--collector-sizes', '--e2e-incidents']);
  const unknown = argv.filter((arg, i) => arg.startsWith('--') && !known.has(arg) && !known.has(argv[i - 1]));
  if (unknown.length > 0) throw new Error(`unknown option(s) ${unknown.join(' ')}`);
  const quick = argv.includes('--quick');
  const collectorSizes =
    valueOf('--collector-sizes') ??
    process.env.BENCH_COLLECTOR_SIZES ??
    (quick ? '1000,10000' : '10000,100000');
  if (!/^\d+(,\d+)*$/.test(collectorSizes)) throw new Error(`collector sizes must be like 10000,100000`);
  const e2eIncidents = Number(valueOf('--e2e-incidents') ?? (quick ? 10 : 40));
  if (!Number.isInteger(e2eIncidents) || e2eIncidents < 1)
    throw new Error('--e2e-incidents must be a positive integer');
  const only = valueOf('--only')?.split(',').filter(Boolean) ?? null;
  return { only, settings: { quick, collectorSizes, e2eIncidents } };
}

function sharedMachineNote(busy: string[], load: number[], cores: number): string[] {
  if (busy.length === 0 && load[0] < cores / 2) return [];
  return [
    `The machine was not quiet: load average ${load.map((v) => v.toFixed(2)).join(' / ')} on ${cores} cores at the start` +
      (busy.length ? `, other processes using CPU: ${busy.join(', ')}` : '') +
      '. Absolute figures are pessimistic; ratios to same-run baselines are the figures to compare.',
  ];
}

async function main(): Promise<void> {
  const { only, settings } = parseOptions(process.argv.slice(2));
  const benchmarks = selectBenchmarks(only);
  const startedAt = new Date();
  const runDirectory = join(RESULTS, startedAt.toISOString().replace(/[:.]/g, '-'));
  const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

  // A prerequisite that cannot be met fails the benchmarks that need it, with the reason, and only those.
  const unmet = new Map<'stack' | 'build', string>();
  const attempt = (what: 'stack' | 'build', work: () => string) => {
    try {
      log(`${what}: ${work()}`);
    } catch (error) {
      unmet.set(
        what,
        `${what === 'stack' ? 'the local stack could not be started' : 'npm run build failed'}: ${(error as Error).message.split('\n')[0]}`,
      );
      log(unmet.get(what)!);
    }
  };
  if (benchmarks.some((b) => b.needsStack)) attempt('stack', () => ensureStack(ROOT));
  if (benchmarks.some((b) => b.needsBuild) && distIsStale(ROOT, BUILT_APPS))
    attempt('build', () => {
      build(ROOT);
      return 'dist/ was older than the sources: rebuilt';
    });
  const machine = await describeMachine(ROOT, CAMUNDA_NODE1_URL);
  log(
    `${machine.cpuModel}, ${machine.cores} cores; load ${machine.loadAverageStart.map((v) => v.toFixed(2)).join(' ')}`,
  );

  const entries: BenchEntry[] = [];
  for (const bench of benchmarks) {
    log(`${bench.id}: ${bench.title} …`);
    const blocker = (bench.needsStack && unmet.get('stack')) || (bench.needsBuild && unmet.get('build'));
    const entry: BenchEntry = blocker
      ? {
          id: bench.id,
          title: bench.title,
          command: bench.script,
          durationMs: 0,
          log: '–',
          status: 'failed',
          reason: blocker,
        }
      : await runBenchmark(ROOT, runDirectory, bench, settings);
    log(
      `${bench.id}: ${entry.status === 'ok' ? 'ok' : `FAILED (${entry.reason})`} in ${formatDuration(entry.durationMs)}`,
    );
    entries.push(entry);
  }

  const busyAtEnd = busyProcesses();
  const finishedAt = new Date();
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    totalMs: finishedAt.getTime() - startedAt.getTime(),
    mode: settings.quick ? 'quick' : 'full',
    machine: { ...machine, loadAverageEnd: loadavg() },
    notes: [
      ...sharedMachineNote(machine.otherWorkAtStart, machine.loadAverageStart, machine.cores),
      ...(busyAtEnd.length ? [`Other processes using CPU at the end: ${busyAtEnd.join(', ')}.`] : []),
    ],
    entries,
  };
  const written = writeReport(RESULTS, runDirectory, report, !settings.quick && only === null);
  log(
    `report: ${written.map((file) => relative(ROOT, file)).join(', ')} (${formatDuration(report.totalMs)})`,
  );
  if (entries.some((e) => e.status === 'failed')) process.exitCode = 1;
}

// Each benchmark runs in its own process group, which a Ctrl-C at the terminal does not reach: end it here.
for (const [signal, exitCode] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  process.once(signal, () => {
    process.stdout.write(`[bench] ${signal}: stopping the running benchmark and the processes it started\n`);
    void stopRunningBenchmarks().finally(() => process.exit(exitCode));
  });

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(2);
});
