import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchReport } from './bench-report';
import { renderJson, renderMarkdown, writeReport } from './report-writer';

const machine = {
  cpuModel: 'Test CPU',
  cores: 2,
  memoryGiB: 24,
  os: 'Debian GNU/Linux 12',
  node: 'v20.19.0',
  java: 'openjdk 17',
  postgres: '15.20',
  kafka: '4.3.1',
  camunda: '7.24.0',
  gitCommit: 'abc123',
  gitDirty: false,
  loadAverageStart: [0.5, 0.4, 0.3],
  loadAverageEnd: [1.5, 1.2, 0.9],
  otherWorkAtStart: [],
};

function reportWith(entries: BenchReport['entries']): BenchReport {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:10:00.000Z',
    totalMs: 600_000,
    mode: 'full',
    machine,
    notes: ['The machine was shared with other test runs.'],
    entries,
  };
}

const gateway = {
  id: 'gateway',
  title: 'gateway throughput',
  command: 'node bench/gateway/gateway.bench.ts',
  durationMs: 90_000,
  log: 'bench/results/x/logs/gateway.log',
  status: 'ok' as const,
  outcome: {
    what: 'REST reads under load',
    baseline: 'GET /health/live under the same load',
    parameters: { connections: 16, durationSeconds: 10 },
    metrics: [
      {
        name: 'incident list throughput',
        unit: 'req/s',
        value: 500,
        better: 'higher' as const,
        baseline: { name: 'GET /health/live', value: 2_000 },
      },
      {
        name: 'incident list p99',
        unit: 'ms',
        value: 90,
        better: 'lower' as const,
        baseline: { name: 'GET /health/live p99', value: 30 },
      },
      {
        name: 'projection throughput',
        unit: 'events/s',
        value: 800,
        better: 'higher' as const,
        baseline: null,
      },
      {
        name: 'webhook p50',
        unit: 'ms',
        value: 12,
        better: 'lower' as const,
        baseline: { name: 'raw Kafka hop p50', value: 0 },
      },
    ],
  },
};

const failedWorkers = {
  id: 'workers',
  title: 'worker throughput',
  command: 'node bench/workers/run-bench.ts',
  durationMs: 5_000,
  log: 'bench/results/x/logs/workers.log',
  status: 'failed' as const,
  reason: 'exited with 1: Error: connect ECONNREFUSED 127.0.0.1:8080',
};

describe('benchmark report writer', () => {
  it('states each figure with its same-run baseline and the ratio between them', () => {
    const markdown = renderMarkdown(reportWith([gateway]));

    expect(markdown).toContain(
      '| gateway throughput | incident list throughput | 500 req/s | 2,000 req/s (GET /health/live) | 0.25× | higher is better |',
    );
    expect(markdown).toContain(
      '| gateway throughput | incident list p99 | 90.0 ms | 30.0 ms (GET /health/live p99) | 3.00× | lower is better |',
    );
    expect(markdown).toContain('**Baseline:** GET /health/live under the same load');
    expect(markdown).toContain('**Parameters:** `connections=16`, `durationSeconds=10`');
  });

  it('writes no ratio where there is no baseline or it is zero', () => {
    const markdown = renderMarkdown(reportWith([gateway]));
    const json = JSON.parse(renderJson(reportWith([gateway])));

    expect(markdown).toContain(
      '| gateway throughput | projection throughput | 800 events/s | – | no baseline |',
    );
    expect(json.entries[0].outcome.metrics.map((m: { ratio: number | null }) => m.ratio)).toEqual([
      0.25,
      3,
      null,
      null,
    ]);
  });

  it('reports a failed benchmark with its reason in the summary and its own section', () => {
    const markdown = renderMarkdown(reportWith([gateway, failedWorkers]));

    expect(markdown).toContain('1 benchmark(s) measured, 1 failed');
    expect(markdown).toContain(
      '| worker throughput | FAILED | – | – | – | exited with 1: Error: connect ECONNREFUSED 127.0.0.1:8080 |',
    );
    expect(markdown).toContain('### worker throughput — FAILED');
    expect(JSON.parse(renderJson(reportWith([failedWorkers]))).entries[0]).toMatchObject({
      id: 'workers',
      status: 'failed',
      reason: failedWorkers.reason,
    });
  });

  it('describes the machine, the load before and after, and the run notes', () => {
    const markdown = renderMarkdown(reportWith([gateway]));

    expect(markdown).toContain('| CPU | Test CPU, 2 cores |');
    expect(markdown).toContain('| load average (1/5/15 min) at start | 0.50 / 0.40 / 0.30 |');
    expect(markdown).toContain('| load average (1/5/15 min) at end | 1.50 / 1.20 / 0.90 |');
    expect(markdown).toContain('| other work at start | none seen |');
    expect(markdown).toContain('> The machine was shared with other test runs.');
  });

  it('keeps table cells intact when a reason contains pipes or line breaks', () => {
    const markdown = renderMarkdown(
      reportWith([{ ...failedWorkers, reason: 'exited with 1: a | b\nsecond line' }]),
    );

    expect(markdown).toContain(
      '| worker throughput | FAILED | – | – | – | exited with 1: a \\| b second line |',
    );
  });

  it('writes report.md and report.json in the run folder and copies them to latest.*', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const runDirectory = join(root, '2026-01-01T00-00-00-000Z');
      const report = reportWith([gateway, failedWorkers]);

      writeReport(root, runDirectory, report, true);

      expect(readFileSync(join(runDirectory, 'report.md'), 'utf8')).toBe(renderMarkdown(report));
      expect(readFileSync(join(root, 'latest.md'), 'utf8')).toBe(renderMarkdown(report));
      expect(JSON.parse(readFileSync(join(root, 'latest.json'), 'utf8'))).toEqual(
        JSON.parse(readFileSync(join(runDirectory, 'report.json'), 'utf8')),
      );
      expect(JSON.parse(readFileSync(join(root, 'latest.json'), 'utf8')).entries).toHaveLength(2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('leaves latest.* alone for a partial run', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const runDirectory = join(root, 'quick-run');

      const written = writeReport(root, runDirectory, reportWith([gateway]), false);

      expect(written).toEqual([join(runDirectory, 'report.md'), join(runDirectory, 'report.json')]);
      expect(existsSync(join(root, 'latest.md'))).toBe(false);
      expect(existsSync(join(root, 'latest.json'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
