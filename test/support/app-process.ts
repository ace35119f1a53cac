import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '../..');
export const APPS = ['collector', 'analyzer', 'incident-ai', 'bpmn-generator', 'workers', 'gateway'] as const;
export type AppName = (typeof APPS)[number];

/**
 * One Flowpilot app as a separate OS process, built from `dist/` (npm test
 * builds first). Its output goes to test-output/logs/<name>.log.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  readonly logFile: string;

  constructor(
    readonly name: AppName,
    readonly env: Record<string, string>,
    readonly httpPort: number,
    private readonly logTag = 'e2e',
  ) {
    this.logFile = resolve(ROOT, 'test-output/logs', `${logTag}-${name}.log`);
  }

  async start(): Promise<void> {
    const entry = resolve(ROOT, 'dist/apps', this.name, 'src/main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    mkdirSync(resolve(ROOT, 'test-output/logs'), { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env, HTTP_PORT: String(this.httpPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    const child = this.child;
    await waitFor(
      `${this.name} to be ready on :${this.httpPort} (log: ${this.logFile})`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${this.name} exited with ${child.exitCode}; see ${this.logFile}`);
        const response = await fetch(`http://127.0.0.1:${this.httpPort}/health/ready`);
        return response.ok;
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
  }

  /** The OS process id while it runs (benchmarks sample its memory from /proc). */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** The OS process is alive (started and not exited). */
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }
}
