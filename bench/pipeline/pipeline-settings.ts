import { randomBytes, randomUUID } from 'node:crypto';

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer (got '${raw}')`);
  return value;
}

/**
 * The benchmark's knobs (environment; `npm run bench` sets the sizes, smaller
 * with --quick). Defaults are the full run: the 2,000 × 10 burst.
 */
export const SETTINGS = {
  /** Parallel branches of the multi-instance sub-process. */
  branches: positiveInteger('BENCH_PIPELINE_BRANCHES', 2_000),
  tasksPerBranch: positiveInteger('BENCH_PIPELINE_TASKS', 10),
  /** Process instances seeded into the busy engine's history (10 activity instances each). */
  backlogInstances: positiveInteger('BENCH_PIPELINE_BACKLOG', 10_000),
  backlogActivities: 10,
  /** Incidents raised on the idle engine, and again during the burst. */
  incidents: positiveInteger('BENCH_PIPELINE_INCIDENTS', 10),
  /** The collector's poll interval (the e2e benchmark's and the fault suite's 1 s). */
  pollIntervalMs: positiveInteger('BENCH_PIPELINE_POLL_MS', 1_000),
  /** Upper bound of each waiting phase: it reports what it reached when the time is up. */
  phaseTimeoutMs: positiveInteger('BENCH_PIPELINE_PHASE_TIMEOUT_S', 300) * 1_000,
} as const;

export const RUN = randomUUID().slice(0, 8);
export const ADMIN_KEY = `fp_bench_${randomBytes(16).toString('hex')}`;
/** Every database this benchmark creates starts with this, so a leftover is recognisable. */
export const DB_PREFIX = 'flowpilot_pipeline_bench_';
/**
 * HTTP ports of the apps this benchmark starts: 24000-24079. Every fixed port here is below Linux's
 * ephemeral range (32768-60999): a port in it can be taken by any outgoing connection, and once the
 * collector failed to listen on 39000 for that reason.
 */
export const PORTS = {
  liveCollector: 24_000,
  liveAnalyzer: 24_001,
  liveGateway: 24_002,
  replay: 24_010,
  backlogCollector: 24_020,
} as const;

/** How a consumer handles events (issue 13): `batched` is the new default, `per-message` the old way. */
export type EventHandling = 'batched' | 'per-message';

/** Settings every consumer gets: EVENT_BATCH_SIZE passes through when set, so its effect can be measured. */
export function handlingEnv(mode: EventHandling): Record<string, string> {
  const env: Record<string, string> = { EVENT_HANDLING: mode };
  if (process.env.EVENT_BATCH_SIZE) env.EVENT_BATCH_SIZE = process.env.EVENT_BATCH_SIZE;
  return env;
}
