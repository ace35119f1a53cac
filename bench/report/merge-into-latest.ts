/**
 * Puts the entries of runs made with --only into bench/results/latest.{md,json}, replacing entries of the
 * same id and saying in the report's notes where each came from (commit, time, machine load): a full
 * `npm run bench` takes long, and a benchmark re-run on its own must still reach the committed figures.
 *
 *   node -r ts-node/register/transpile-only bench/report/merge-into-latest.ts bench/results/<run>/report.json …
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BenchReport } from './bench-report';
import { renderJson, renderMarkdown } from './report-writer';

const RESULTS = resolve(__dirname, '../results');

export function mergeIntoLatest(latest: BenchReport, runs: BenchReport[]): BenchReport {
  let merged = latest;
  for (const run of runs) {
    const ids = new Set(run.entries.map((entry) => entry.id));
    const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');
    const notes = run.entries.map(
      (entry) =>
        `The \`${entry.id}\` entry is from \`npm run bench -- --only ${entry.id}\` run on its own at ${run.startedAt} ` +
        `(commit ${run.machine.gitCommit}, ${run.machine.cpuModel} ${run.machine.cores} cores, load average ` +
        `${load(run.machine.loadAverageStart)} at its start and ${load(run.machine.loadAverageEnd)} at its end).`,
    );
    merged = {
      ...merged,
      notes: [
        ...merged.notes.filter((note) => ![...ids].some((id) => note.startsWith(`The \`${id}\` entry`))),
        ...notes,
      ],
      entries: [...merged.entries.filter((entry) => !ids.has(entry.id)), ...run.entries],
    };
  }
  return merged;
}

if (require.main === module) {
  const latest = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as BenchReport;
  const runs = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')) as BenchReport);
  if (runs.length === 0) throw new Error('name the report.json of at least one run');
  const merged = mergeIntoLatest(latest, runs);
  writeFileSync(join(RESULTS, 'latest.json'), renderJson(merged));
  writeFileSync(join(RESULTS, 'latest.md'), renderMarkdown(merged));
  console.log(
    `latest.*: ${merged.entries.length} entries; merged ${runs.flatMap((r) => r.entries.map((e) => e.id)).join(', ')}`,
  );
}
