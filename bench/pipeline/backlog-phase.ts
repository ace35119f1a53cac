import { AppProcess } from '../../test/support/app-process';
import { readBacklogRaw, seedBacklog } from './backlog-seed';
import { KafkaProgress } from './kafka-progress';
import { collectorApp, Deployment } from './pipeline-apps';
import { cloneEngineSchema, withPostgres } from './pipeline-stack';
import { PORTS, SETTINGS } from './pipeline-settings';
import { watchCounter, WatchResult } from './progress-watch';

/** The topics the backlog's rows become facts on (process started, process completed, activity completed). */
export const BACKLOG_TOPICS = [
  'camunda.process.started.v1',
  'camunda.process.completed.v1',
  'camunda.activity.completed.v1',
];
/** The collector's default page size (POLL_PAGE_SIZE), used by the floor's keyset read too. */
const PAGE_SIZE = 500;

export interface BacklogResult {
  rows: number;
  seedMs: number;
  /** The floor: the same rows read by keyset pages with nothing done with them. */
  rawReadMs: number;
  collector: WatchResult;
}

/**
 * "Flowpilot attached to an engine that is already busy": a database with the
 * engine's schema whose history is seeded directly, then a new collector (no
 * high-water marks yet, one day of backfill) reading it by SQL and publishing
 * every row as a fact. The engine's REST API is the real engine's (the
 * collector probes it); its history comes only from the seeded database.
 */
export async function runBacklogPhase(
  backlog: Deployment,
  engineDb: string,
  progress: KafkaProgress,
  started: AppProcess[],
  log: (line: string) => void,
): Promise<BacklogResult> {
  await cloneEngineSchema(engineDb);
  const seedStarted = Date.now();
  const rows = await withPostgres(engineDb, (client) =>
    seedBacklog(client, SETTINGS.backlogInstances, SETTINGS.backlogActivities),
  );
  const seedMs = Date.now() - seedStarted;
  log(`backlog: ${rows.toLocaleString('en')} history rows seeded in ${(seedMs / 1_000).toFixed(1)} s`);
  const rawStarted = performance.now();
  const rawRows = await withPostgres(engineDb, (client) => readBacklogRaw(client, PAGE_SIZE));
  const rawReadMs = performance.now() - rawStarted;
  if (rawRows !== rows) throw new Error(`the keyset read found ${rawRows} rows, ${rows} were seeded`);

  const before = await progress.endTotal(BACKLOG_TOPICS);
  const collector = collectorApp(backlog, PORTS.backlogCollector, {
    name: 'backlog',
    engineDb,
    backfillDays: 1,
  });
  started.push(collector);
  const watch = watchCounter(() => progress.endTotal(BACKLOG_TOPICS), before + rows, {
    timeoutMs: SETTINGS.phaseTimeoutMs,
    startValue: before,
  });
  await collector.start();
  const result = await watch;
  await collector.stop();
  return { rows, seedMs, rawReadMs, collector: result };
}
