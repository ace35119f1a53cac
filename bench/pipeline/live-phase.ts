import { AppProcess } from '../../test/support/app-process';
import { deployBpmn, startInstance } from '../../test/support/camunda';
import { WebhookReceiver } from '../../test/support/webhook-receiver';
import { subscribeWebhook } from '../e2e/webhook-subscription';
import { analyzerApp, collectorApp, Deployment, gatewayApp, groupOf } from './pipeline-apps';
import { burstActivityInstances, multiInstanceBurstModel } from './burst-model';
import { IncidentLatencies, IncidentProbe } from './incident-probe';
import { incidentStages, IncidentStages } from './incident-stages';
import { describeCycles, scrapeCycles } from './collector-cycles';
import { EngineResponsiveness } from './engine-responsiveness';
import { KafkaProgress } from './kafka-progress';
import { pipelineCamundaDb, pipelineCamundaUrl, withPostgres } from './pipeline-stack';
import { ADMIN_KEY, PORTS, RUN, SETTINGS } from './pipeline-settings';
import { MemorySampler, ProcessMemory, readProcessMemory } from './process-memory';
import { describeShortfall, watchCounter, WatchResult } from './progress-watch';

export const ACTIVITY_TOPIC = 'camunda.activity.completed.v1';
/** What the gateway projects of the facts the burst produces. */
export const GATEWAY_TOPICS = [
  'camunda.process.started.v1',
  'camunda.process.completed.v1',
  'camunda.incident.opened.v1',
] as const;
const IDLE_SPACING_MS = 700;
const BURST_SPACING_MS = 1_000;

export interface LiveResult {
  /** Activity instances the engine wrote for the burst, from ACT_HI_ACTINST. */
  activityInstances: number;
  /** From the first start to the last end among them (the engine's own timestamps). */
  engineSeconds: number;
  /** Wall time of the start call that ran the whole burst in one transaction. */
  startCallMs: number;
  engineDoneAt: number;
  collector: WatchResult;
  analyzer: WatchResult;
  gateway: WatchResult;
  idle: IncidentLatencies;
  busy: IncidentLatencies;
  /** Each delivered incident's time split into the pipeline's hops, or why they could not be traced. */
  incidentHops: { idle: IncidentStages[]; busy: IncidentStages[] } | { error: string };
  /** The collector's cycles while it worked through the burst. */
  collectorCycles: string;
  /** How long the engine itself went without answering while the burst ran. */
  engineResponsiveness: string;
  analyzerIdle: ProcessMemory | null;
  analyzerUnderLoad: ProcessMemory;
}

/**
 * The pipeline live: collector → analyzer and gateway as processes on the
 * engine, incidents on the idle engine first, then the burst, with incidents
 * raised while it runs. Every wait is bounded by the phase timeout.
 */
export async function runLivePhase(
  live: Deployment,
  progress: KafkaProgress,
  receiver: WebhookReceiver,
  started: AppProcess[],
  log: (line: string) => void,
): Promise<LiveResult> {
  const analyzer = analyzerApp(live, PORTS.liveAnalyzer);
  const gateway = gatewayApp(live, PORTS.liveGateway);
  const collector = collectorApp(live, PORTS.liveCollector, {
    name: 'bench',
    engineDb: pipelineCamundaDb,
    backfillDays: 0,
  });
  started.push(analyzer, gateway, collector);
  await Promise.all([analyzer.start(), gateway.start(), collector.start()]);
  const stable = await watchCounter(
    async () =>
      Number(await progress.groupIsStable(groupOf(live, 'analyzer'))) +
      Number(await progress.groupIsStable(groupOf(live, 'gateway'))),
    2,
    { timeoutMs: 90_000, intervalMs: 500 },
  );
  if (stable.reachedAt === null)
    throw new Error('the analyzer and gateway consumer groups did not settle in 90 s');

  const burstKey = `bench-pipeline-burst-${RUN}`;
  const idle = new IncidentProbe(pipelineCamundaUrl, `bench-pipeline-idle-${RUN}`);
  const busy = new IncidentProbe(pipelineCamundaUrl, `bench-pipeline-busy-${RUN}`);
  const warmUp = new IncidentProbe(pipelineCamundaUrl, `bench-pipeline-warmup-${RUN}`);
  await subscribeWebhook(
    `http://127.0.0.1:${PORTS.liveGateway}`,
    ADMIN_KEY,
    await receiver.start(),
    ['incident.opened'],
    [idle.processKey, busy.processKey, warmUp.processKey],
  );
  for (const probe of [warmUp, idle, busy]) await probe.deploy();
  await deployBpmn(
    pipelineCamundaUrl,
    burstKey,
    multiInstanceBurstModel(burstKey, SETTINGS.branches, SETTINGS.tasksPerBranch),
  );

  // A cold engine (and cold apps) write and read a first burst several times slower: warm them up with a
  // tenth of it, and start measuring once the pipeline has caught up with that.
  const warmUpBranches = Math.max(10, Math.round(SETTINGS.branches / 10));
  const warmUpKey = `bench-pipeline-warmup-burst-${RUN}`;
  await deployBpmn(
    pipelineCamundaUrl,
    warmUpKey,
    multiInstanceBurstModel(warmUpKey, warmUpBranches, SETTINGS.tasksPerBranch),
  );
  log(
    `live: warm-up burst of ${burstActivityInstances(warmUpBranches, SETTINGS.tasksPerBranch)} activity instances`,
  );
  const warmUpFrom = await progress.endTotal([ACTIVITY_TOPIC]);
  await startInstance(pipelineCamundaUrl, warmUpKey);
  const warmUpFacts = warmUpFrom + burstActivityInstances(warmUpBranches, SETTINGS.tasksPerBranch);
  const warmedUp = await watchCounter(
    () => progress.committedTotal(groupOf(live, 'analyzer'), [ACTIVITY_TOPIC]),
    async () => Math.max(warmUpFacts, await progress.endTotal([ACTIVITY_TOPIC])),
    { timeoutMs: SETTINGS.phaseTimeoutMs },
  );
  if (warmedUp.reachedAt === null)
    throw new Error(`the analyzer did not catch up with the warm-up burst: ${describeShortfall(warmedUp)}`);

  log('live: one warm-up incident, then incidents on the idle engine');
  await warmUp.raise(1, 0);
  await warmUp.latencies(receiver, 90_000);
  await idle.raise(SETTINGS.incidents, IDLE_SPACING_MS);
  const idleLatencies = await idle.latencies(receiver, 120_000);

  const activityBefore = await progress.endTotal([ACTIVITY_TOPIC]);
  const analyzerBefore = await progress.committedTotal(groupOf(live, 'analyzer'), [ACTIVITY_TOPIC]);
  const gatewayBefore = await progress.committedTotal(groupOf(live, 'gateway'), [...GATEWAY_TOPICS]);
  const analyzerIdle = analyzer.pid ? readProcessMemory(analyzer.pid) : null;
  const memory = new MemorySampler(() => (analyzer.pid ? [analyzer.pid] : [])).start();
  const expected = burstActivityInstances(SETTINGS.branches, SETTINGS.tasksPerBranch);
  log(
    `live: burst of ${expected.toLocaleString('en')} activity instances, ${SETTINGS.incidents} incidents during it`,
  );

  // Facts of this burst and of the incidents' instances: what the collector has to publish.
  const endedRows = () =>
    withPostgres(pipelineCamundaDb, async (client) => {
      const { rows } = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM act_hi_actinst WHERE proc_def_key_ = ANY($1) AND end_time_ IS NOT NULL',
        [[burstKey, busy.processKey]],
      );
      return Number(rows[0].n);
    });
  let collectorDone = false;
  const timeoutMs = SETTINGS.phaseTimeoutMs;
  const collectorWatch = watchCounter(
    () => progress.endTotal([ACTIVITY_TOPIC]),
    // The engine's own count is asked only once the topic holds the burst's expected size.
    async (value) =>
      value < activityBefore + expected
        ? activityBefore + expected
        : activityBefore + Math.max(expected, await endedRows()),
    { timeoutMs, startValue: activityBefore },
  ).then((result) => {
    collectorDone = true;
    return result;
  });
  // Caught up = committed up to what the topics hold once the collector has published the burst.
  const caughtUpTarget = (topics: string[]) => async () =>
    collectorDone ? progress.endTotal(topics) : Number.POSITIVE_INFINITY;
  const analyzerWatch = watchCounter(
    () => progress.committedTotal(groupOf(live, 'analyzer'), [ACTIVITY_TOPIC]),
    caughtUpTarget([ACTIVITY_TOPIC]),
    { timeoutMs, startValue: analyzerBefore },
  );
  const gatewayWatch = watchCounter(
    () => progress.committedTotal(groupOf(live, 'gateway'), [...GATEWAY_TOPICS]),
    caughtUpTarget([...GATEWAY_TOPICS]),
    { timeoutMs, startValue: gatewayBefore },
  );

  // The diagnostics below only explain the figures: a failure of theirs becomes a note, never the phase's end.
  const cyclesBefore = await scrapeCycles(PORTS.liveCollector).catch((error: Error) => error);
  const cyclesAfterBurst = collectorWatch
    .then(() => scrapeCycles(PORTS.liveCollector))
    .then(
      (after) =>
        cyclesBefore instanceof Error
          ? `collector cycles during the burst: not read (${cyclesBefore.message}).`
          : describeCycles(cyclesBefore, after),
      (error: Error) => `collector cycles during the burst: not read (${error.message}).`,
    );
  const responsiveness = new EngineResponsiveness(pipelineCamundaUrl).start();
  let analyzerUnderLoad: ProcessMemory;
  let engineResponsiveness: string;
  let burst: { processInstanceId: string; engineDoneAt: number; startCallMs: number };
  let watches: [WatchResult, WatchResult, WatchResult];
  try {
    const callStarted = Date.now();
    const [processInstanceId] = await Promise.all([
      startInstance(pipelineCamundaUrl, burstKey),
      busy.raise(SETTINGS.incidents, BURST_SPACING_MS, 500),
    ]);
    // The start call returns when the burst's one transaction has committed: the engine is done.
    const engineDoneAt = Date.now();
    burst = { processInstanceId, engineDoneAt, startCallMs: engineDoneAt - callStarted };
    watches = await Promise.all([collectorWatch, analyzerWatch, gatewayWatch]);
  } finally {
    analyzerUnderLoad = memory.stop();
    engineResponsiveness = await responsiveness.stop();
  }
  const { processInstanceId, engineDoneAt, startCallMs } = burst;
  const [collectorResult, analyzerResult, gatewayResult] = watches;
  const busyLatencies = await busy.latencies(receiver, 120_000);
  const incidentHops = await incidentStages(
    { idle: idleLatencies.deliveries, busy: busyLatencies.deliveries },
    live.database,
  ).catch((error: Error) => ({ error: error.message }));
  const engine = await withPostgres(pipelineCamundaDb, async (client) => {
    const { rows } = await client.query<{ n: string; seconds: number }>(
      `SELECT count(*) AS n, extract(epoch FROM max(end_time_) - min(start_time_))::float8 AS seconds
         FROM act_hi_actinst WHERE proc_inst_id_ = $1`,
      [processInstanceId],
    );
    return { rows: Number(rows[0].n), seconds: rows[0].seconds };
  });
  return {
    activityInstances: engine.rows,
    engineSeconds: engine.seconds,
    startCallMs,
    engineDoneAt,
    collector: collectorResult,
    analyzer: analyzerResult,
    gateway: gatewayResult,
    idle: idleLatencies,
    busy: busyLatencies,
    incidentHops,
    collectorCycles: await cyclesAfterBurst,
    engineResponsiveness,
    analyzerIdle,
    analyzerUnderLoad,
  };
}
