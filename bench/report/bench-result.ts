import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Which direction of a ratio is an improvement: lower for times and memory, higher for throughput and accuracy. */
export type Better = 'lower' | 'higher';

/** One figure of a benchmark, paired with the same figure of its baseline measured in the same run. */
export interface BenchMetric {
  name: string;
  unit: string;
  value: number;
  better: Better;
  /** null when the benchmark has no baseline for this figure (the report says so instead of inventing one). */
  baseline: { name: string; value: number } | null;
}

/** What one benchmark hands to the report: written as JSON by the benchmark process itself. */
export interface BenchOutcome {
  what: string;
  baseline: string;
  parameters: Record<string, string | number | boolean>;
  metrics: BenchMetric[];
  notes?: string[];
}

/**
 * The environment variable through which `npm run bench` asks a benchmark for
 * its machine-readable result; run on its own, a benchmark only prints.
 */
export const RESULT_FILE_VARIABLE = 'BENCH_RESULT_FILE';

/** Writes the outcome where the runner asked for it; returns whether it was asked at all. */
export function emitBenchOutcome(outcome: BenchOutcome): boolean {
  const file = process.env[RESULT_FILE_VARIABLE];
  if (!file) return false;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(outcome, null, 2)}\n`);
  return true;
}
