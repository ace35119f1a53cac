import { Inject, Injectable } from '@nestjs/common';
import { CamundaNodeConfig, EventPublisher } from '@flowpilot/shared';
import { PollSettings, StreamSettings } from '../collector.settings';
import { EngineIdentityProbe, readSchemaVersion } from '../engine/engine-identity';
import { NodeEngine, NodeEngineFactory } from '../engine/node-engine.factory';
import { CollectorEvents } from '../observability/collector.events';
import { NodeStateStore, PostgresNodeStateStore } from '../persistence/node-state.store';
import { PostgresWatermarkStore, WatermarkStore } from '../persistence/watermark.store';
import { NodeSnapshotsFactory } from '../snapshots/node-snapshots.factory';
import { nodeStreams } from '../streams/history.streams';
import { IncrementalStreamRunner } from '../streams/incremental-stream.runner';
import { NodePoller } from './node-poller';
import { NodePublisher } from './node-publisher';
import { NodeStatusTracker } from './node-status.tracker';
import { PollCycle } from './poll-cycle';
import { StateStoreGuard } from './state-store.guard';

/** One node's poller with what the scheduler reports on (Kafka readiness) and closes (the database pool). */
export interface PolledNode {
  poller: NodePoller;
  publisher: NodePublisher;
  engine: NodeEngine;
}

/**
 * Makes the poller of one configured node. With CAMUNDA_NODE_<n>_DB_URL the history streams and database
 * snapshots read the engine's tables by SQL (PostgreSQL, or MySQL/MariaDB by the URL's scheme); without it
 * they use REST (paged) and the SQL-only snapshots are left out.
 */
@Injectable()
export class NodePollerFactory {
  constructor(
    private readonly poll: PollSettings,
    private readonly streams: StreamSettings,
    private readonly engines: NodeEngineFactory,
    private readonly snapshots: NodeSnapshotsFactory,
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publishMany'>,
    @Inject(PostgresWatermarkStore) private readonly watermarks: WatermarkStore,
    @Inject(PostgresNodeStateStore) private readonly nodeStates: NodeStateStore,
    private readonly events: CollectorEvents,
  ) {}

  create(node: CamundaNodeConfig): PolledNode {
    const nodeId = node.name;
    // Everything the node's cycle publishes goes through its own publisher, so the poller can tell a cycle
    // that stopped on Kafka from one that stopped on the engine.
    const publisher = new NodePublisher(nodeId, this.publisher, this.events);
    // Likewise for the collector's own database: a failing mark or node state is not the engine's fault.
    const stateStore = new StateStoreGuard();
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
      nodeId,
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
    const status = new NodeStatusTracker(
      { nodeId, url: node.url },
      stateStore.wrap(this.nodeStates, 'node states'),
      publisher,
    );
    const poller = new NodePoller(
      { nodeId, cycle, status, publisher, stateStore, events: this.events },
      {
        timeoutMs: this.poll.nodeTimeoutMs,
        failureThreshold: this.poll.circuitFailureThreshold,
        openMs: this.poll.circuitOpenMs,
      },
    );
    return { poller, publisher, engine };
  }
}
