import { BenchMetric, BenchOutcome } from './bench-result';

/** The machine a run happened on: figures from two machines are not comparable, ratios mostly are. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string;
  postgres: string;
  kafka: string;
  camunda: string;
  gitCommit: string;
  /** Uncommitted changes in the work tree when the run started. */
  gitDirty: boolean;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  /** Processes other than this run's that used CPU when it started (name and %CPU). */
  otherWorkAtStart: string[];
}

export interface BenchEntry {
  id: string;
  title: string;
  command: string;
  durationMs: number;
  /** Where the benchmark's own output went. */
  log: string;
  status: 'ok' | 'failed';
  outcome?: BenchOutcome;
  /** Why a failed benchmark has no outcome: always set when status is 'failed'. */
  reason?: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  totalMs: number;
  mode: 'quick' | 'full';
  machine: MachineDescription;
  /** What the person running it should know: e.g. that the machine was shared. */
  notes: string[];
  entries: BenchEntry[];
}

/** value ÷ baseline; null when there is no baseline or it is zero (a ratio would be meaningless). */
export function ratioOf(metric: BenchMetric): number | null {
  if (!metric.baseline || metric.baseline.value === 0) return null;
  const ratio = metric.value / metric.baseline.value;
  return Number.isFinite(ratio) ? ratio : null;
}
