import { Inject, Injectable } from '@nestjs/common';
import { CamundaNodeConfig } from '@flowpilot/shared';
import { PollSettings, StreamSettings } from '../collector.settings';
import { EngineIdentityProbe, readSchemaVersion } from '../engine/engine-identity';
import { NodeEngine, NodeEngineFactory } from '../engine/node-engine.factory';
import { PostgresWatermarkStore, WatermarkStore } from '../persistence/watermark.store';
import { NodeSnapshotsFactory } from '../snapshots/node-snapshots.factory';
import { nodeStreams } from '../streams/history.streams';
import { IncrementalStreamRunner } from '../streams/incremental-stream.runner';
import { PollCycle } from './poll-cycle';
import type { NodePublisher } from './node-publisher';
import type { StateStoreGuard } from './state-store.guard';

/** One node's cycle, and the engine access under it that the scheduler closes at shutdown. */
export interface NodeCycle {
  cycle: PollCycle;
  engine: NodeEngine;
}

/**
 * Makes what one node's cycle reads and publishes. With CAMUNDA_NODE_<n>_DB_URL the history streams and
 * database snapshots read the engine's tables by SQL (PostgreSQL, or MySQL/MariaDB by the URL's scheme);
 * without it they use REST (paged) and the SQL-only snapshots are left out.
 */
@Injectable()
export class NodeCycleFactory {
  constructor(
    private readonly poll: PollSettings,
    private readonly streams: StreamSettings,
    private readonly engines: NodeEngineFactory,
    private readonly snapshots: NodeSnapshotsFactory,
    @Inject(PostgresWatermarkStore) private readonly watermarks: WatermarkStore,
  ) {}

  /** `publisher` and `stateStore` are the node's own, so its poller can tell where a cycle stopped. */
  create(node: CamundaNodeConfig, publisher: NodePublisher, stateStore: StateStoreGuard): NodeCycle {
    const runner = new IncrementalStreamRunner(stateStore.wrap(this.watermarks, 'watermarks'), publisher, {
      pageSize: this.streams.pageSize,
      maxPages: this.streams.maxPagesPerCycle,
      overlapMs: this.streams.lateCommitOverlapMs,
      initialBackfillMs: this.streams.initialBackfillMs,
      // SQL reads the engine's zone-less timestamps; REST dates carry their offset and are kept in UTC.
      cursorTimeZone: node.databaseUrl ? this.streams.engineTimeZone : 'UTC',
    });
    const engine = this.engines.create(node);
    const { api, database } = engine;
    const cycle = new PollCycle({
      nodeId: node.name,
      api,
      streams: nodeStreams(engine, this.streams),
      runner,
      snapshots: this.snapshots.create(node, engine, publisher, stateStore),
      identity: new EngineIdentityProbe({
        productName: () => api.productName(),
        schemaVersion: () => (database ? readSchemaVersion(database) : Promise.resolve(null)),
      }),
      // Half the timeout for new pages leaves the rest for the pages under way, the snapshots and the marks.
      streamBudgetMs: Math.floor(this.poll.nodeTimeoutMs / 2),
    });
    return { cycle, engine };
  }
}
