import { errorMessage } from '@flowpilot/shared';
import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { EngineIdentity, EngineIdentityProbe } from '../engine/engine-identity';
import type { FactStream } from '../streams/fact-stream';
import type { IncrementalStreamRunner, StreamRunResult } from '../streams/incremental-stream.runner';
import type { PeriodicSnapshot } from '../snapshots/periodic-snapshot';

export interface NodeCycleReport {
  restLatencyMs: number;
  engine: EngineIdentity;
  streams: Array<StreamRunResult & { topic: string }>;
  snapshots: Array<{ kind: string; error: string | null }>;
}

/**
 * One collection cycle of one node: a REST probe (latency, engine version and flavour),
 * then each history stream from its high-water mark, then the snapshots that
 * are due. A failing probe or stream fails the cycle; marks already moved stay moved.
 */
export class NodeCollector {
  constructor(
    readonly api: CollectorCamundaApi,
    private readonly streams: FactStream[],
    private readonly runner: IncrementalStreamRunner,
    private readonly snapshots: PeriodicSnapshot[],
    private readonly identity: Pick<EngineIdentityProbe, 'identify'>,
    /** Time after which streams start no further page; the rest waits for the next cycle. */
    private readonly streamBudgetMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async collect(): Promise<NodeCycleReport> {
    const started = this.now();
    const engineVersion = await this.api.version();
    const restLatencyMs = this.now() - started;
    const engine = await this.identity.identify(engineVersion);
    const streams: NodeCycleReport['streams'] = [];
    const deadline = started + this.streamBudgetMs;
    for (const stream of this.streams) {
      streams.push({ ...(await this.runner.run(this.api.nodeName, stream, deadline)), topic: stream.topic });
    }
    // A failing snapshot (a JVM endpoint down, a slow size query) is reported but does not fail the node's cycle.
    const snapshots: NodeCycleReport['snapshots'] = [];
    for (const snapshot of this.snapshots) {
      try {
        if (await snapshot.runIfDue()) snapshots.push({ kind: snapshot.kind, error: null });
      } catch (error) {
        snapshots.push({ kind: snapshot.kind, error: errorMessage(error) });
      }
    }
    return { restLatencyMs, engine, streams, snapshots };
  }
}
