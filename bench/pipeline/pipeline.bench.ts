/**
 * The pipeline at full speed (issue 13): a real Camunda 7.24 engine writes a
 * burst as fast as it can, and the collector, analyzer and gateway (processes
 * from dist/) have to keep up. Runs on a PRIVATE stack (Kafka 24092, Camunda
 * 24080, databases flowpilot_pipeline_bench_*, apps on 24000-24079) so driving
 * an engine flat out never disturbs the shared one; stops all of it at the end,
 * also on failure or SIGTERM/SIGINT.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/pipeline/pipeline.bench.ts
 *
 * Phases, each bounded by BENCH_PIPELINE_PHASE_TIMEOUT_S (a phase that runs out
 * reports how far it got):
 *  1. live: incidents on the idle engine, then one start of a parallel
 *     multi-instance model (BENCH_PIPELINE_BRANCHES × BENCH_PIPELINE_TASKS
 *     pass-through tasks) with incidents raised while it runs. Engine rows/s from
 *     ACT_HI_ACTINST; collector facts/s from the topic's end offsets; analyzer
 *     and gateway progress from their groups' committed offsets; lag after the
 *     engine's commit; incident → webhook p50/p99 busy vs idle; analyzer RSS.
 *  2. analyzer replay of the burst's facts in new groups: a bare kafkajs
 *     consumer (floor), EVENT_HANDLING=per-message, batched, batched × 2
 *     replicas; the replicas' aggregates are compared with one replica's.
 *  3. backlog: history seeded into a copy of the engine's schema, read by a new
 *     collector's SQL path; rows/s against a bare keyset read of the same rows.
 *  4. gateway replay of the process facts: floor, per-message, batched.
 *
 * Needs PostgreSQL on 127.0.0.1:5432, Java and a build (`npm run build`);
 * scripts/stack.sh builds or reuses the Kafka and Camunda jars in
 * STACK_DIST_DIR (default .stack/dist).
 */
import { AppProcess } from '../../test/support/app-process';
import { WebhookReceiver } from '../../test/support/webhook-receiver';
import { emitBenchOutcome } from '../report/bench-result';
import { compareAggregates, readAggregates } from './analyzer-aggregates';
import { runBacklogPhase } from './backlog-phase';
import { KafkaProgress } from './kafka-progress';
import { ACTIVITY_TOPIC, runLivePhase } from './live-phase';
import { analyzerApp, deployment, gatewayApp, groupOf, stopApps } from './pipeline-apps';
import { pipelineOutcome, PipelineResults } from './pipeline-outcome';
import { EventHandling, DB_PREFIX, PORTS, RUN, SETTINGS } from './pipeline-settings';
import {
  cloneServiceSchema,
  createDatabase,
  dropDatabase,
  pipelineCamundaDb,
  pipelineKafka,
  PIPELINE_STACK,
  startPipelineStack,
  stopPipelineStack,
  withPostgres,
} from './pipeline-stack';
import { watchCounter } from './progress-watch';
import { replayThroughApps, replayThroughBareConsumer, ReplayResult } from './replay-phase';

/** Every topic the analyzer consumes: its aggregates are compared only once it has read all of them. */
const ANALYZER_TOPICS = [
  'camunda.activity.completed.v1',
  'camunda.process.started.v1',
  'camunda.process.completed.v1',
  'camunda.user-task.created.v1',
  'camunda.user-task.completed.v1',
  'camunda.incident.opened.v1',
  'camunda.incident.resolved.v1',
  'camunda.job.failed.v1',
  'camunda.node.status.v1',
  'camunda.external-task.backlog.v1',
];
const GATEWAY_REPLAY_TOPICS = ['camunda.process.started.v1', 'camunda.process.completed.v1'];

const log = (line: string) =>
  process.stdout.write(`[pipeline] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Rejects on SIGTERM/SIGINT (the runner's timeout, Ctrl-C), so the clean-up in main's finally still runs. */
const interrupted = new Promise<never>((_, reject) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => reject(new Error(`interrupted by ${signal}`)));
});

async function main(): Promise<void> {
  const started: AppProcess[] = [];
  const receiver = new WebhookReceiver();
  const databases: string[] = [];
  const results: PipelineResults = { analyzer: {}, gateway: {}, failures: [], notes: [] };
  let progress: KafkaProgress | undefined;

  const database = async (label: string) => {
    const name = `${DB_PREFIX}${RUN}_${label.replace(/-/g, '_')}`;
    databases.push(name);
    await createDatabase(name);
    return name;
  };
  /** A failed phase is reported with its reason; the phases after it still run. */
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      const reason = `${name}: ${(error as Error).message.split('\n')[0]}`;
      results.failures.push(reason);
      log(`FAILED ${reason}`);
      return undefined;
    } finally {
      await stopApps(started.splice(0));
    }
  };

  /** `schemaFrom`: a database whose analyzer schema the replicas start on (they would race to migrate a new one). */
  async function analyzerReplay(
    label: string,
    handling: EventHandling,
    replicas: number,
    schemaFrom?: string,
  ): Promise<ReplayResult> {
    const name = `${DB_PREFIX}${RUN}_analyzer_${label.replace(/-/g, '_')}`;
    databases.push(name);
    if (schemaFrom) await cloneServiceSchema(schemaFrom, name, 'analyzer');
    else await createDatabase(name);
    databasesOf.set(label, name);
    const d = deployment(`analyzer-${label}`, handling, name);
    const apps = Array.from({ length: replicas }, (_, i) => analyzerApp(d, PORTS.replay + i, i + 1));
    log(`analyzer replay: ${label} (${replicas} replica(s), EVENT_HANDLING=${handling})`);
    const result = await replayThroughApps(
      label,
      apps,
      groupOf(d, 'analyzer'),
      [ACTIVITY_TOPIC],
      progress!,
      started,
    );
    // Aggregates are compared only when every topic the analyzer reads has been folded: a partial replay differs.
    if (result.watch.reachedAt === null) {
      await stopApps(apps);
      return result;
    }
    const end = await progress!.endTotal(ANALYZER_TOPICS);
    const settled = await watchCounter(
      () => progress!.committedTotal(groupOf(d, 'analyzer'), ANALYZER_TOPICS),
      end,
      { timeoutMs: 60_000 },
    );
    await stopApps(apps);
    if (settled.reachedAt === null) {
      results.notes.push(
        `analyzer ${label}: not every topic read within 60 s after the activity facts; aggregates not compared.`,
      );
      return result;
    }
    aggregates.set(label, await withPostgres(d.database, (client) => readAggregates(client, 'analyzer')));
    return result;
  }
  const aggregates = new Map<string, Awaited<ReturnType<typeof readAggregates>>>();
  const databasesOf = new Map<string, string>();

  async function gatewayReplay(label: string, handling: EventHandling): Promise<ReplayResult> {
    const d = deployment(`gateway-${label}`, handling, await database(`gateway_${label}`));
    log(`gateway replay: ${label} (EVENT_HANDLING=${handling})`);
    return replayThroughApps(
      label,
      [gatewayApp(d, PORTS.replay)],
      groupOf(d, 'gateway'),
      GATEWAY_REPLAY_TOPICS,
      progress!,
      started,
    );
  }

  async function measure(): Promise<void> {
    log(
      `private stack: Kafka ${pipelineKafka}, Camunda on :${PIPELINE_STACK.camundaPort} (${SETTINGS.branches} × ${SETTINGS.tasksPerBranch} burst)`,
    );
    process.stdout.write(await startPipelineStack());
    progress = await KafkaProgress.connect(pipelineKafka);

    const live = deployment('live', 'batched', await database('live'));
    results.live = await phase('live burst', () => runLivePhase(live, progress!, receiver, started, log));
    await receiver.stop();

    log('analyzer replay: bare kafkajs consumer (floor)');
    results.analyzer.floor = await phase('analyzer floor', () =>
      replayThroughBareConsumer('analyzer', [ACTIVITY_TOPIC], progress!),
    );
    results.analyzer.perMessage = await phase('analyzer per-message', () =>
      analyzerReplay('per-message', 'per-message', 1),
    );
    results.analyzer.batched = await phase('analyzer batched', () => analyzerReplay('batched', 'batched', 1));
    results.analyzer.twoReplicas = await phase('analyzer 2 replicas', () =>
      analyzerReplay('2-replicas', 'batched', 2, databasesOf.get('batched')),
    );
    const one = aggregates.get('batched');
    const two = aggregates.get('2-replicas');
    const perMessage = aggregates.get('per-message');
    if (one && two) results.replicasVsOne = compareAggregates(one, two);
    if (one && perMessage) results.batchedVsPerMessage = compareAggregates(perMessage, one);
    if (!results.replicasVsOne || !results.batchedVsPerMessage)
      results.notes.push(
        'analyzer aggregates: a comparison needs both replays to have read everything; the ones missing here did not.',
      );

    const backlogEngine = `${DB_PREFIX}${RUN}_engine`;
    databases.push(backlogEngine);
    const backlog = deployment('backlog', 'batched', await database('backlog'));
    results.backlog = await phase('backlog', () =>
      runBacklogPhase(backlog, backlogEngine, progress!, started, log),
    );

    log('gateway replay: bare kafkajs consumer (floor)');
    results.gateway.floor = await phase('gateway floor', () =>
      replayThroughBareConsumer('gateway', GATEWAY_REPLAY_TOPICS, progress!),
    );
    results.gateway.perMessage = await phase('gateway per-message', () =>
      gatewayReplay('per-message', 'per-message'),
    );
    results.gateway.batched = await phase('gateway batched', () => gatewayReplay('batched', 'batched'));

    const outcome = pipelineOutcome(results);
    if (outcome.metrics.length === 0)
      throw new Error(`no phase measured anything: ${results.failures.join('; ')}`);
    process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    emitBenchOutcome(outcome);
  }

  try {
    await Promise.race([measure(), interrupted]);
  } finally {
    await stopApps(started);
    await receiver.stop().catch(() => undefined);
    await progress?.close().catch(() => undefined);
    try {
      process.stdout.write(stopPipelineStack());
    } catch (error) {
      log(`stopping the private stack: ${(error as Error).message}`);
    }
    // The engine's database too: the next run starts its engine on a new one anyway.
    for (const name of [...databases, pipelineCamundaDb]) await dropDatabase(name).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
