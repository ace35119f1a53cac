import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
export const PRELOAD = './dist/libs/shared/src/telemetry/register.js';

/**
 * One built app (dist/) as its own process, started exactly as in production:
 * `node --require <telemetry preload> dist/apps/<app>/src/main.js`.
 */
export class BuiltApp {
  private child: ChildProcess | null = null;
  readonly logFile: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    tag: string,
  ) {
    this.logFile = resolve(ROOT, 'test-output/logs', `${tag}-${name}.log`);
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const entry = `dist/apps/${this.name}/src/main.js`;
    for (const file of [entry, PRELOAD]) {
      if (!existsSync(resolve(ROOT, file)))
        throw new Error(`${file} is missing: run \`npm run build\` first`);
    }
    mkdirSync(resolve(ROOT, 'test-output/logs'), { recursive: true });
    const log = createWriteStream(this.logFile);
    const child = spawn(process.execPath, ['--require', PRELOAD, entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...this.env,
        HTTP_PORT: String(this.port),
        OTEL_SERVICE_NAME: this.name,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`${this.name} exited with ${child.exitCode}; see ${this.logFile}`);
      const ready = await fetch(`http://127.0.0.1:${this.port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`${this.name} not ready on :${this.port} after ${timeoutMs} ms; see ${this.logFile}`);
  }

  async scrape(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.port}/metrics`);
    if (!response.ok) throw new Error(`${this.name} /metrics answered ${response.status}`);
    return response.text();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
