import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchDefinition, RunSettings } from './bench-catalogue';
import { BenchEntry } from './bench-report';
import { BenchOutcome, RESULT_FILE_VARIABLE } from './bench-result';

const KILL_GRACE_MS = 15_000;
const GROUP_POLL_MS = 100;

/** Process groups of the benchmarks running now, so an interrupted run can end them. */
const runningGroups = new Set<number>();

/** Sends `signal` to the process group; false when no process of it is left. */
function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends what is left of a benchmark's process group: the app processes a benchmark starts can outlive it
 * (a normal exit leaves them running) or be left behind by a timeout. SIGTERM first, so they shut down
 * cleanly; SIGKILL for whatever is still there after the grace.
 */
async function endGroup(groupId: number): Promise<void> {
  if (!signalGroup(groupId, 'SIGTERM')) return;
  for (const giveUpAt = Date.now() + KILL_GRACE_MS; Date.now() < giveUpAt;) {
    await sleep(GROUP_POLL_MS);
    if (!signalGroup(groupId, 0)) return;
  }
  signalGroup(groupId, 'SIGKILL');
}

/** Ends the process groups of the benchmarks running now (run-all calls it when it is interrupted). */
export async function stopRunningBenchmarks(): Promise<void> {
  await Promise.all([...runningGroups].map((groupId) => endGroup(groupId)));
}

/** The last non-empty lines a failed benchmark printed: usually the error that stopped it. */
function lastLines(text: string, count = 3): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' ⏎ ')
    .slice(0, 600);
}

function readOutcome(file: string): BenchOutcome | string {
  if (!existsSync(file)) return 'it exited without writing a result';
  try {
    const outcome = JSON.parse(readFileSync(file, 'utf8')) as BenchOutcome;
    return Array.isArray(outcome.metrics) && outcome.metrics.length > 0
      ? outcome
      : 'its result has no metrics';
  } catch (error) {
    return `its result is not JSON (${(error as Error).message})`;
  }
}

/**
 * Runs one benchmark in its own process group (so a timeout, its exit or an
 * interrupted run also ends the app processes it started), its output into runDirectory/logs/<id>.log, and turns
 * whatever happened into a report entry: a result, or a failure with its reason.
 */
export async function runBenchmark(
  root: string,
  runDirectory: string,
  bench: BenchDefinition,
  settings: RunSettings,
): Promise<BenchEntry> {
  const resultFile = join(runDirectory, 'results', `${bench.id}.json`);
  const logFile = join(runDirectory, 'logs', `${bench.id}.log`);
  const args = [
    ...bench.nodeArgs,
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    bench.script,
    ...bench.args(settings),
  ];
  const benchEnv = bench.env(settings);
  const command = [...Object.entries(benchEnv).map(([k, v]) => `${k}=${v}`), 'node', ...args].join(' ');
  for (const folder of ['logs', 'results']) mkdirSync(join(runDirectory, folder), { recursive: true });
  const started = Date.now();
  const log = createWriteStream(logFile);
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...benchEnv, [RESULT_FILE_VARIABLE]: resultFile, TS_NODE_TRANSPILE_ONLY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let timedOut = false;
  const timeoutMs = bench.timeoutMs(settings);
  const groupId = child.pid;
  if (groupId) runningGroups.add(groupId);
  const timer = setTimeout(() => {
    timedOut = true;
    if (groupId) void endGroup(groupId);
  }, timeoutMs);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('close', (code, signal) => done({ code, signal })),
  );
  clearTimeout(timer);
  if (groupId) {
    await endGroup(groupId);
    runningGroups.delete(groupId);
  }
  await new Promise<void>((done) => log.end(() => done()));
  const base = {
    id: bench.id,
    title: bench.title,
    command,
    durationMs: Date.now() - started,
    log: relative(root, logFile),
  };
  if (timedOut)
    return { ...base, status: 'failed', reason: `timed out after ${Math.round(timeoutMs / 60_000)} min` };
  if (exit.code !== 0)
    return {
      ...base,
      status: 'failed',
      reason: `exited with ${exit.code ?? exit.signal}: ${lastLines(output) || 'no output'}`,
    };
  const outcome = readOutcome(resultFile);
  return typeof outcome === 'string'
    ? { ...base, status: 'failed', reason: outcome }
    : { ...base, status: 'ok', outcome };
}
