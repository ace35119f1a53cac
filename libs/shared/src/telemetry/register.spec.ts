import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

/** Runs an empty program with the preload, as `node --require register <app>` would. */
function preload(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [
      '--require',
      'ts-node/register/transpile-only',
      '--require',
      './libs/shared/src/telemetry/register.ts',
      '-e',
      '',
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, stderr: result.stderr };
}

describe('the telemetry preload', () => {
  it('stops the process with exit code 78 naming a malformed setting', () => {
    const sut = preload({
      OTEL_TRACES_EXPORTER: 'jaeger',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20hush-hush-token',
    });
    expect(sut.status).toBe(78);
    expect(sut.stderr).toContain('Invalid configuration for telemetry');
    expect(sut.stderr).toContain('OTEL_TRACES_EXPORTER');
    expect(sut.stderr).not.toContain('hush-hush-token');
  }, 60_000);

  it('lets a correctly configured process run to its end', () => {
    expect(
      preload({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SERVICE_NAME: 'preload-check' }),
    ).toEqual({ status: 0, stderr: '' });
  }, 60_000);
});
