import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchDefinition, RunSettings } from './bench-catalogue';
import { runBenchmark, stopRunningBenchmarks } from './bench-child';

/** Alive and not a zombie waiting to be reaped (Linux: the state in /proc/<pid>/stat). */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

async function until(probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !probe(); await sleep(50))
    if (Date.now() > end) throw new Error('condition not met in time');
}

/** A benchmark that starts an app-like process (which ignores nothing and runs for ever) and records its pid. */
const startsGrandchild = (pidFile: string) =>
  `const { spawn } = require('node:child_process');
   const app = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
   require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(app.pid));`;

const ROOT = resolve(__dirname, '../..');
const settings: RunSettings = { quick: true, collectorSizes: '1000', e2eIncidents: 1 };

describe('running one benchmark', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'bench-child-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function benchOf(id: string, source: string, timeoutMs = 60_000): BenchDefinition {
    const script = join(folder, `${id}.js`);
    writeFileSync(script, source);
    return {
      id,
      title: id,
      script,
      nodeArgs: [],
      args: () => ['an-argument'],
      env: () => ({ BENCH_FIXTURE_SETTING: 'on' }),
      needsStack: false,
      needsBuild: false,
      timeoutMs: () => timeoutMs,
    };
  }

  it('returns the outcome the benchmark wrote to the file it was given', async () => {
    const bench = benchOf(
      'writes',
      `require('node:fs').writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify({
         what: 'w', baseline: 'b', parameters: { arg: process.argv[2], setting: process.env.BENCH_FIXTURE_SETTING },
         metrics: [{ name: 'm', unit: 'ms', value: 2, better: 'lower', baseline: { name: 'b', value: 4 } }] }));`,
    );

    const entry = await runBenchmark(ROOT, folder, bench, settings);

    expect(entry).toMatchObject({
      status: 'ok',
      outcome: { parameters: { arg: 'an-argument', setting: 'on' }, metrics: [{ value: 2 }] },
    });
  }, 60_000);

  it('reports a benchmark that crashes as failed, with the error it printed', async () => {
    const bench = benchOf(
      'crashes',
      `console.error('Error: connect ECONNREFUSED 127.0.0.1:8080'); process.exit(3);`,
    );

    const entry = await runBenchmark(ROOT, folder, bench, settings);

    expect(entry.status).toBe('failed');
    expect(entry.reason).toMatch(/^exited with 3: .*ECONNREFUSED/);
  }, 60_000);

  it('reports a benchmark that exits cleanly without a result as failed, not as missing', async () => {
    const bench = benchOf('silent', `console.log('done');`);

    const entry = await runBenchmark(ROOT, folder, bench, settings);

    expect(entry).toMatchObject({ status: 'failed', reason: 'it exited without writing a result' });
  }, 60_000);

  it('ends a benchmark that runs past its time limit and says so', async () => {
    const bench = benchOf('hangs', `setInterval(() => undefined, 1000);`, 3_000);

    const entry = await runBenchmark(ROOT, folder, bench, settings);

    expect(entry).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^timed out after/) });
  }, 60_000);

  describe('the processes a benchmark started', () => {
    let grandchild: number | undefined;
    afterEach(() => {
      if (grandchild && isRunning(grandchild)) process.kill(grandchild, 'SIGKILL');
      grandchild = undefined;
    });

    it('ends them when the benchmark exits and leaves them running', async () => {
      const pidFile = join(folder, 'app.pid');
      const bench = benchOf('leaves-app', `${startsGrandchild(pidFile)}\napp.unref();`);

      await runBenchmark(ROOT, folder, bench, settings);
      grandchild = Number(readFileSync(pidFile, 'utf8'));

      await until(() => !isRunning(grandchild!));
    }, 60_000);

    it('ends the running benchmark and its processes when the run is interrupted', async () => {
      const pidFile = join(folder, 'app.pid');
      const bench = benchOf(
        'interrupted',
        `${startsGrandchild(pidFile)}\nsetInterval(() => undefined, 1000);`,
      );

      const running = runBenchmark(ROOT, folder, bench, settings);
      await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').length > 0);
      grandchild = Number(readFileSync(pidFile, 'utf8'));
      await stopRunningBenchmarks();
      const entry = await running;

      expect(entry).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^exited with SIGTERM/),
      });
      await until(() => !isRunning(grandchild!));
    }, 60_000);
  });
});
