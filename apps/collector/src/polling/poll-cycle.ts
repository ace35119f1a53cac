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

/**
 * The work of one poll cycle of one node: a REST probe (latency, engine version and flavour), then each
 * history stream from its high-water mark, then the snapshots that are due. A failing probe or stream fails
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
    const streams: PollCycleReport['streams'] = [];
    const deadline = started + this.parts.streamBudgetMs;
    for (const stream of this.parts.streams) {
      streams.push({ ...(await runner.run(nodeId, stream, deadline)), topic: stream.topic });
    }
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
