import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchEntry, BenchReport, MachineDescription, ratioOf } from './bench-report';
import { formatDuration, formatNumber, formatRatio, table } from './report-format';

function machineSection(machine: MachineDescription): string[] {
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');
  return [
    '## Machine',
    '',
    ...table(
      ['', ''],
      [
        ['CPU', `${machine.cpuModel}, ${machine.cores} cores`],
        ['memory', `${machine.memoryGiB.toFixed(1)} GiB`],
        ['OS', machine.os],
        ['Node.js', machine.node],
        ['Java', machine.java],
        ['PostgreSQL', machine.postgres],
        ['Kafka', machine.kafka],
        ['Camunda', machine.camunda],
        ['git commit', `${machine.gitCommit}${machine.gitDirty ? ' (with uncommitted changes)' : ''}`],
        ['load average (1/5/15 min) at start', load(machine.loadAverageStart)],
        ['load average (1/5/15 min) at end', load(machine.loadAverageEnd)],
        [
          'other work at start',
          machine.otherWorkAtStart.length === 0 ? 'none seen' : machine.otherWorkAtStart.join(', '),
        ],
      ],
    ),
    '',
  ];
}

function summarySection(entries: BenchEntry[]): string[] {
  const rows = entries.flatMap((entry): string[][] => {
    if (entry.status === 'failed' || !entry.outcome)
      return [[entry.title, 'FAILED', '–', '–', '–', entry.reason ?? 'no result']];
    return entry.outcome.metrics.map((metric) => [
      entry.title,
      metric.name,
      `${formatNumber(metric.value)} ${metric.unit}`,
      metric.baseline
        ? `${formatNumber(metric.baseline.value)} ${metric.unit} (${metric.baseline.name})`
        : '–',
      formatRatio(metric),
      `${metric.better} is better`,
    ]);
  });
  return [
    '## Summary',
    '',
    ...table(['benchmark', 'figure', 'result', 'baseline (same run)', 'ratio', ''], rows),
    '',
  ];
}

function entrySection(entry: BenchEntry): string[] {
  const heading = `### ${entry.title}${entry.status === 'failed' ? ' — FAILED' : ''}`;
  const footer = [
    `Command: \`${entry.command}\` (${formatDuration(entry.durationMs)}; log: \`${entry.log}\`)`,
    '',
  ];
  if (entry.status === 'failed' || !entry.outcome)
    return [heading, '', `**Failed:** ${entry.reason ?? 'no result'}`, '', ...footer];
  const { outcome } = entry;
  const parameters = Object.entries(outcome.parameters)
    .map(([key, value]) => `\`${key}=${value}\``)
    .join(', ');
  return [
    heading,
    '',
    `**What:** ${outcome.what}`,
    '',
    `**Baseline:** ${outcome.baseline}`,
    '',
    `**Parameters:** ${parameters || 'none'}`,
    '',
    ...table(
      ['figure', 'result', 'baseline', 'ratio'],
      outcome.metrics.map((metric) => [
        metric.name,
        `${formatNumber(metric.value)} ${metric.unit}`,
        metric.baseline
          ? `${formatNumber(metric.baseline.value)} ${metric.unit} — ${metric.baseline.name}`
          : '–',
        `${formatRatio(metric)} (${metric.better} is better)`,
      ]),
    ),
    '',
    ...(outcome.notes ?? []).map((note) => `- ${note}`),
    ...(outcome.notes?.length ? [''] : []),
    ...footer,
  ];
}

export function renderMarkdown(report: BenchReport): string {
  const failed = report.entries.filter((e) => e.status === 'failed').length;
  return [
    '# Flowpilot benchmark report',
    '',
    `Run ${report.startedAt} → ${report.finishedAt} (${formatDuration(report.totalMs)}), ${report.mode} mode: ` +
      `${report.entries.length - failed} benchmark(s) measured, ${failed} failed.`,
    '',
    'Every ratio is the result divided by its baseline measured in the same run on the same machine.',
    '',
    ...report.notes.map((note) => `> ${note}`),
    ...(report.notes.length ? [''] : []),
    ...summarySection(report.entries),
    ...machineSection(report.machine),
    '## Benchmarks',
    '',
    ...report.entries.flatMap(entrySection),
  ].join('\n');
}

/** The report as data, with each metric's ratio worked out so readers of the JSON need not redo it. */
export function renderJson(report: BenchReport): string {
  const entries = report.entries.map((entry) =>
    entry.outcome
      ? {
          ...entry,
          outcome: {
            ...entry.outcome,
            metrics: entry.outcome.metrics.map((metric) => ({ ...metric, ratio: ratioOf(metric) })),
          },
        }
      : entry,
  );
  return `${JSON.stringify({ ...report, entries }, null, 2)}\n`;
}

/**
 * bench/results/<timestamp>/report.{md,json}; copied to bench/results/latest.{md,json} when
 * `updateLatest` (complete runs only: a --quick or --only run must not replace the committed figures).
 */
export function writeReport(
  resultsRoot: string,
  runDirectory: string,
  report: BenchReport,
  updateLatest: boolean,
): string[] {
  mkdirSync(runDirectory, { recursive: true });
  const written: string[] = [];
  for (const [extension, text] of [
    ['md', renderMarkdown(report)],
    ['json', renderJson(report)],
  ] as const) {
    const file = join(runDirectory, `report.${extension}`);
    writeFileSync(file, text);
    const latest = join(resultsRoot, `latest.${extension}`);
    written.push(file);
    if (!updateLatest) continue;
    copyFileSync(file, latest);
    written.push(latest);
  }
  return written;
}
