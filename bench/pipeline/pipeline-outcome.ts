import { BenchMetric, BenchOutcome } from '../report/bench-result';
import { percentile } from '../e2e/latency.util';
import { AggregateComparison } from './analyzer-aggregates';
import { BacklogResult } from './backlog-phase';
import { IncidentLatencies } from './incident-probe';
import { describeStages } from './incident-stages';
import { LiveResult } from './live-phase';
import { SETTINGS } from './pipeline-settings';
import { describeShortfall, ratePerSecond, WatchResult } from './progress-watch';
import { ReplayResult } from './replay-phase';

/** Everything the phases measured; a phase that failed is missing and named in `failures`. */
export interface PipelineResults {
  live?: LiveResult;
  analyzer: Partial<Record<'floor' | 'perMessage' | 'batched' | 'twoReplicas', ReplayResult>>;
  replicasVsOne?: AggregateComparison;
  batchedVsPerMessage?: AggregateComparison;
  backlog?: BacklogResult;
  gateway: Partial<Record<'floor' | 'perMessage' | 'batched', ReplayResult>>;
  failures: string[];
  notes: string[];
}

/** The goals, compared in the notes (the report's ratios are against same-run baselines only). */
const GOALS = {
  analyzerFactsPerS: 20_000,
  analyzerVsPerMessage: 20,
  lagS: 5,
  gatewayEventsPerS: 10_000,
  collectorRowsPerS: 20_000,
  incidentP99Ms: 3_000,
  analyzerRssMb: 256,
};

const ok = (met: boolean) => (met ? 'met' : 'MISSED');

/** A rate, or for a watch that timed out the rate it had reached by its last sample (a lower bound, said so in a note). */
function rate(watch: WatchResult, what: string, notes: string[]): number {
  const measured = ratePerSecond(watch);
  if (measured !== null) return measured;
  notes.push(
    `${what} did not finish within ${SETTINGS.phaseTimeoutMs / 1_000} s: ${describeShortfall(watch)}; its rate is a lower bound.`,
  );
  if (watch.movedAfter === null) return 0;
  return (watch.lastValue - watch.startValue) / Math.max((watch.lastAt - watch.movedAfter) / 1_000, 0.25);
}

/** Seconds from the engine's commit to caught up; for a watch that timed out, to its last sample (a lower bound). */
function lagSeconds(watch: WatchResult, engineDoneAt: number, what: string, notes: string[]): number {
  if (watch.reachedAt !== null) return Math.max(0, watch.reachedAt - engineDoneAt) / 1_000;
  notes.push(
    `${what} had not caught up when the phase ended: ${describeShortfall(watch)}; the lag is a lower bound.`,
  );
  return Math.max(0, watch.lastAt - engineDoneAt) / 1_000;
}

function latencyMetrics(busy: IncidentLatencies, idle: IncidentLatencies, notes: string[]): BenchMetric[] {
  if (busy.latenciesMs.length === 0 || idle.latenciesMs.length === 0) {
    notes.push(
      `incident webhooks: ${busy.latenciesMs.length} delivered during the burst, ${idle.latenciesMs.length} idle; no percentile to report.`,
    );
    return [];
  }
  if (busy.missing + idle.missing > 0)
    notes.push(
      `incident webhooks not delivered within 120 s: ${busy.missing} during the burst, ${idle.missing} idle (left out of the percentiles).`,
    );
  return [0.5, 0.99].map((q) => ({
    name: `incident.opened webhook p${q * 100} during the burst`,
    unit: 'ms',
    value: percentile(busy.latenciesMs, q),
    better: 'lower' as const,
    baseline: { name: `idle engine p${q * 100}`, value: percentile(idle.latenciesMs, q) },
  }));
}

function liveMetrics(live: LiveResult, notes: string[]): BenchMetric[] {
  const engineRate = live.activityInstances / Math.max(live.engineSeconds, 0.001);
  const engine = { name: 'engine writing the burst', value: engineRate };
  const analyzerLag = lagSeconds(live.analyzer, live.engineDoneAt, 'the analyzer (burst)', notes);
  const gatewayLag = lagSeconds(live.gateway, live.engineDoneAt, 'the gateway (burst)', notes);
  const collectorLag = lagSeconds(live.collector, live.engineDoneAt, 'the collector (burst)', notes);
  // The burst's rows become visible at its one commit: the pipeline's rate counts from there (and, for a
  // stage that did not catch up, only what it got through by then).
  const doneOf = (watch: WatchResult) =>
    watch.reachedAt !== null ? live.activityInstances : watch.lastValue - watch.startValue;
  const collectorRate = doneOf(live.collector) / Math.max(collectorLag, 0.25);
  const analyzerRate = doneOf(live.analyzer) / Math.max(analyzerLag, 0.25);
  const idleRss = live.analyzerIdle?.rssMb ?? null;
  notes.push(
    `burst: one start wrote ${live.activityInstances.toLocaleString('en')} activity instances in ${live.engineSeconds.toFixed(1)} s (engine timestamps; the start call took ${(live.startCallMs / 1_000).toFixed(1)} s and commits them all at once); ` +
      `after that commit the collector had published them all in ${collectorLag.toFixed(1)} s, the analyzer had committed them in ${analyzerLag.toFixed(1)} s, the gateway was caught up in ${gatewayLag.toFixed(1)} s.`,
    `goal lag ≤ ${GOALS.lagS} s after the burst: ${ok(Math.max(analyzerLag, gatewayLag) <= GOALS.lagS)} (${Math.max(analyzerLag, gatewayLag).toFixed(1)} s); ` +
      `goal analyzer RSS ≤ ${GOALS.analyzerRssMb} MB: ${ok(live.analyzerUnderLoad.peakMb <= GOALS.analyzerRssMb)} (VmHWM ${live.analyzerUnderLoad.peakMb.toFixed(0)} MB).`,
  );
  const metrics: BenchMetric[] = [
    { name: 'engine burst write rate', unit: 'rows/s', value: engineRate, better: 'higher', baseline: null },
    {
      name: "collector facts published, from the burst's commit",
      unit: 'facts/s',
      value: collectorRate,
      better: 'higher',
      baseline: engine,
    },
    {
      name: "analyzer facts recorded, from the burst's commit",
      unit: 'facts/s',
      value: analyzerRate,
      better: 'higher',
      baseline: engine,
    },
    {
      name: 'analyzer lag after the engine finished',
      unit: 's',
      value: analyzerLag,
      better: 'lower',
      baseline: null,
    },
    {
      name: 'gateway lag after the engine finished',
      unit: 's',
      value: gatewayLag,
      better: 'lower',
      baseline: null,
    },
    ...latencyMetrics(live.busy, live.idle, notes),
    {
      name: 'analyzer peak RSS (VmHWM) through the burst',
      unit: 'MB',
      value: live.analyzerUnderLoad.peakMb,
      better: 'lower',
      baseline: idleRss === null ? null : { name: 'its RSS idle, before the burst', value: idleRss },
    },
  ];
  const busyP99 = live.busy.latenciesMs.length
    ? percentile(live.busy.latenciesMs, 0.99)
    : Number.POSITIVE_INFINITY;
  notes.push(
    `goal incident webhook p99 ≤ ${GOALS.incidentP99Ms} ms during the burst: ${ok(busyP99 <= GOALS.incidentP99Ms && live.busy.missing === 0)} (${busyP99} ms, ${live.busy.missing} missing).`,
    ...('error' in live.incidentHops
      ? [`incident hops: not traced (${live.incidentHops.error}).`]
      : [
          describeStages('idle engine', live.incidentHops.idle),
          describeStages('during the burst', live.incidentHops.busy, {
            name: "the burst's commit",
            at: live.engineDoneAt,
          }),
        ]),
    live.collectorCycles,
    live.engineResponsiveness,
  );
  return metrics;
}

function analyzerMetrics(r: PipelineResults, notes: string[]): BenchMetric[] {
  const { floor, perMessage, batched, twoReplicas } = r.analyzer;
  const rateOf = (x: ReplayResult | undefined) =>
    x ? rate(x.watch, `analyzer replay (${x.label})`, notes) : null;
  const [floorRate, perMessageRate, batchedRate, twoRate] = [floor, perMessage, batched, twoReplicas].map(
    rateOf,
  );
  const metrics: BenchMetric[] = [];
  if (batchedRate !== null) {
    if (perMessageRate !== null)
      metrics.push({
        name: 'analyzer replay, EVENT_HANDLING=batched',
        unit: 'facts/s',
        value: batchedRate,
        better: 'higher',
        baseline: { name: 'EVENT_HANDLING=per-message', value: perMessageRate },
      });
    if (floorRate !== null)
      metrics.push({
        name: 'analyzer replay against the floor',
        unit: 'facts/s',
        value: batchedRate,
        better: 'higher',
        baseline: { name: 'bare kafkajs consumer, same topic', value: floorRate },
      });
    if (twoRate !== null)
      metrics.push({
        name: 'analyzer replay, 2 replicas in one group',
        unit: 'facts/s',
        value: twoRate,
        better: 'higher',
        baseline: { name: '1 replica', value: batchedRate },
      });
    notes.push(
      `goal analyzer ≥ ${GOALS.analyzerFactsPerS.toLocaleString('en')} facts/s: ${ok(batchedRate >= GOALS.analyzerFactsPerS)} (${Math.round(batchedRate).toLocaleString('en')}); ` +
        (perMessageRate !== null
          ? `goal ≥ ${GOALS.analyzerVsPerMessage}× per-message: ${ok(batchedRate / perMessageRate >= GOALS.analyzerVsPerMessage)} (${(batchedRate / perMessageRate).toFixed(2)}×).`
          : ''),
    );
  }
  if (batched?.memory)
    metrics.push({
      name: 'analyzer peak RSS (VmHWM) through the batched replay',
      unit: 'MB',
      value: batched.memory.peakMb,
      better: 'lower',
      baseline: r.live?.analyzerIdle
        ? { name: 'the live analyzer idle', value: r.live.analyzerIdle.rssMb }
        : null,
    });
  for (const [name, comparison] of [
    ['2 replicas against 1 replica', r.replicasVsOne],
    ['batched against per-message', r.batchedVsPerMessage],
  ] as const) {
    if (!comparison) continue;
    metrics.push({
      name: `analyzer aggregate rows differing, ${name}`,
      unit: 'rows',
      value: comparison.differingRows,
      better: 'lower',
      baseline: null,
    });
    notes.push(
      comparison.differingRows === 0
        ? `analyzer aggregates, ${name}: identical (${comparison.tables} tables, ${comparison.rows.toLocaleString('en')} rows).`
        : `analyzer aggregates, ${name}: DIFFERENT — ${comparison.differences.join('; ')}.`,
    );
  }
  for (const x of [floor, perMessage, batched, twoReplicas])
    if (x?.totalMs)
      notes.push(
        `analyzer replay (${x.label}): ${x.events.toLocaleString('en')} facts, ${(x.totalMs / 1_000).toFixed(1)} s including process start-up and group join.`,
      );
  return metrics;
}

function backlogMetrics(b: BacklogResult, notes: string[]): BenchMetric[] {
  const collectorRate = rate(b.collector, 'the collector reading the backlog', notes);
  const rawRate = b.rows / (b.rawReadMs / 1_000);
  notes.push(
    `backlog: ${SETTINGS.backlogInstances.toLocaleString('en')} finished process instances × ${SETTINGS.backlogActivities} activities seeded into the engine's history tables (${b.rows.toLocaleString('en')} rows for the collector's streams, ${(b.seedMs / 1_000).toFixed(1)} s to seed); ` +
      `goal collector ≥ ${GOALS.collectorRowsPerS.toLocaleString('en')} rows/s: ${ok(collectorRate >= GOALS.collectorRowsPerS)} (${Math.round(collectorRate).toLocaleString('en')}).`,
  );
  return [
    {
      name: 'collector rows/s from the engine database (backlog)',
      unit: 'rows/s',
      value: collectorRate,
      better: 'higher',
      baseline: { name: 'keyset read of the same rows, nothing done with them', value: rawRate },
    },
  ];
}

function gatewayMetrics(r: PipelineResults, notes: string[]): BenchMetric[] {
  const { floor, perMessage, batched } = r.gateway;
  const rateOf = (x: ReplayResult | undefined) =>
    x ? rate(x.watch, `gateway replay (${x.label})`, notes) : null;
  const [floorRate, perMessageRate, batchedRate] = [floor, perMessage, batched].map(rateOf);
  const metrics: BenchMetric[] = [];
  if (batchedRate === null) return metrics;
  if (perMessageRate !== null)
    metrics.push({
      name: 'gateway projection, EVENT_HANDLING=batched',
      unit: 'events/s',
      value: batchedRate,
      better: 'higher',
      baseline: { name: 'EVENT_HANDLING=per-message', value: perMessageRate },
    });
  if (floorRate !== null)
    metrics.push({
      name: 'gateway projection against the floor',
      unit: 'events/s',
      value: batchedRate,
      better: 'higher',
      baseline: { name: 'bare kafkajs consumer, same topics', value: floorRate },
    });
  notes.push(
    `goal gateway ≥ ${GOALS.gatewayEventsPerS.toLocaleString('en')} events/s: ${ok(batchedRate >= GOALS.gatewayEventsPerS)} (${Math.round(batchedRate).toLocaleString('en')}; ${batched!.events.toLocaleString('en')} process started/completed events).`,
  );
  return metrics;
}

export function pipelineOutcome(r: PipelineResults): BenchOutcome {
  const notes: string[] = [];
  const metrics = [
    ...(r.live ? liveMetrics(r.live, notes) : []),
    ...analyzerMetrics(r, notes),
    ...(r.backlog ? backlogMetrics(r.backlog, notes) : []),
    ...gatewayMetrics(r, notes),
  ];
  return {
    what: 'the whole pipeline on a private Kafka and Camunda 7.24: one start of a parallel multi-instance model (the engine at its full rate) → collector (SQL) → analyzer and gateway as processes from dist/, incidents raised during the burst → signed webhook; then the analyzer and the gateway replaying the facts in new groups, and a collector attached to an engine with a seeded history backlog',
    baseline:
      "the engine's own write rate; a bare kafkajs consumer reading the same topics (the floor); EVENT_HANDLING=per-message (one event at a time); one analyzer replica against two; incidents on the idle engine; a bare keyset read of the backlog",
    parameters: {
      branches: SETTINGS.branches,
      tasksPerBranch: SETTINGS.tasksPerBranch,
      burstActivityInstances: r.live?.activityInstances ?? 'not measured',
      backlogInstances: SETTINGS.backlogInstances,
      incidentsPerSide: SETTINGS.incidents,
      pollIntervalMs: SETTINGS.pollIntervalMs,
      phaseTimeoutS: SETTINGS.phaseTimeoutMs / 1_000,
      eventBatchSize: process.env.EVENT_BATCH_SIZE ?? 'service default',
    },
    metrics,
    notes: [...r.failures.map((f) => `FAILED phase: ${f}`), ...notes, ...r.notes],
  };
}
