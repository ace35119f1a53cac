import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BenchDefinition, RunSettings } from './bench-catalogue';
import { BenchEntry } from './bench-report';
import { BenchOutcome, RESULT_FILE_VARIABLE } from './bench-result';

const KILL_GRACE_MS = 15_000;

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
 * Runs one benchmark in its own process group (so a timeout also ends the app
 * processes it started), its output into runDirectory/logs/<id>.log, and turns
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
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup('SIGTERM');
    setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
  }, timeoutMs);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('close', (code, signal) => done({ code, signal })),
  );
  clearTimeout(timer);
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
