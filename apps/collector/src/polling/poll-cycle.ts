import { errorMessage } from '@flowpilot/shared';
import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { EngineIdentity, EngineIdentityProbe } from '../engine/engine-identity';
import type { AnyFactStream } from '../streams/fact-stream';
import type { IncrementalStreamRunner, StreamRunResult } from '../streams/incremental-stream.runner';
import type { PeriodicSnapshot } from '../snapshots/periodic-snapshot';

export interface PollCycleReport {
  restLatencyMs: number;
  engine: EngineIdentity;
  streams: Array<StreamRunResult & { topic: string }>;
  snapshots: Array<{ kind: string; error: string | null }>;
}

/** What one node's cycle reads from and writes through. */
export interface PollCycleParts {
  nodeId: string;
  api: Pick<CollectorCamundaApi, 'version'>;
  streams: AnyFactStream[];
  runner: Pick<IncrementalStreamRunner, 'run'>;
  snapshots: PeriodicSnapshot[];
  identity: Pick<EngineIdentityProbe, 'identify'>;
  /** Time after which streams start no further page; the rest waits for the next cycle. */
  streamBudgetMs: number;
}

/** How long a busy cycle goes on with bulk pages before it reads its urgent streams (incidents) again. */
export const URGENT_REREAD_MS = 500;

/** Two runs of one stream in a cycle, as one: rows add up; whether rows still wait is the later run's say. */
function addedUp(
  earlier: PollCycleReport['streams'][number],
  later: StreamRunResult,
): PollCycleReport['streams'][number] {
  return {
    ...earlier,
    read: earlier.read + later.read,
    published: earlier.published + later.published,
    truncated: later.truncated,
  };
}

/**
 * The work of one poll cycle of one node: a REST probe (latency, engine version and flavour), then each
 * history stream from its high-water mark (the urgent ones first, and again between bulk pages once
 * URGENT_REREAD_MS has passed), then the snapshots that are due. A failing probe or stream fails
 * the cycle; marks already moved stay moved. The `NodePoller` runs it behind its timeout and circuit.
 */
export class PollCycle {
  constructor(
    private readonly parts: PollCycleParts,
    private readonly now: () => number = Date.now,
  ) {}

  async run(): Promise<PollCycleReport> {
    const { nodeId, api, runner, identity } = this.parts;
    const started = this.now();
    const engineVersion = await api.version();
    const restLatencyMs = this.now() - started;
    const engine = await identity.identify(engineVersion);
    const deadline = started + this.parts.streamBudgetMs;
    const results = new Map<AnyFactStream, PollCycleReport['streams'][number]>();
    const runStream = async (stream: AnyFactStream, betweenPages?: () => Promise<void>) => {
      const result = await runner.run(nodeId, stream, deadline, betweenPages);
      const earlier = results.get(stream);
      results.set(stream, earlier ? addedUp(earlier, result) : { ...result, topic: stream.topic });
    };
    const urgent = this.parts.streams.filter((stream) => stream.urgent);
    const bulk = this.parts.streams.filter((stream) => !stream.urgent);
    for (const stream of urgent) await runStream(stream);
    let urgentReadAt = this.now();
    // A row of an urgent stream committed just after the cycle read that stream would otherwise wait for every
    // page of the bulk streams (seconds in a burst) and the next cycle: it is looked for again between pages,
    // until the cycle's stream budget is spent (the bulk streams start no page past it either).
    const rereadUrgent = async () => {
      const now = this.now();
      if (now - urgentReadAt < URGENT_REREAD_MS || now >= deadline) return;
      for (const stream of urgent) await runStream(stream);
      urgentReadAt = this.now();
    };
    for (const stream of bulk) await runStream(stream, rereadUrgent);
    const streams = [...results.values()];
    // A failing snapshot (a JVM endpoint down, a slow size query) is reported but does not fail the node's cycle.
    const snapshots: PollCycleReport['snapshots'] = [];
    for (const snapshot of this.parts.snapshots) {
      try {
        if (await snapshot.runIfDue()) snapshots.push({ kind: snapshot.kind, error: null });
      } catch (error) {
        snapshots.push({ kind: snapshot.kind, error: errorMessage(error) });
      }
    }
    return { restLatencyMs, engine, streams, snapshots };
  }
}
