import { Inject, Injectable } from '@nestjs/common';
import { CamundaFleetSettings, CamundaNodeConfig, EventPublisher } from '@flowpilot/shared';
import { PollSettings, SnapshotSettings, StreamSettings } from '../collector.settings';
import { EngineDatabase } from '../engine/engine-database';
import type { NodeEngine } from '../engine/node-engine.factory';
import { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import type { StateStoreGuard } from '../polling/state-store.guard';
import { EngineMetricsSnapshot, RestMeterReader, SqlMeterReader } from './engine-metrics.snapshot';
import {
  ExternalTaskBacklogSnapshot,
  RestBacklogReader,
  SqlBacklogReader,
} from './external-task-backlog.snapshot';
import { HistorySizeSnapshot } from './history-size.snapshot';
import { JvmMetricsSnapshot } from './jvm-metrics.snapshot';
import type { PeriodicSnapshot } from './periodic-snapshot';
import { StuckInstancesSnapshot } from './stuck-instances.snapshot';

/**
 * The snapshots of one node. The backlog, meter, stuck-instance and history-size queries are written for
 * PostgreSQL; on a MySQL/MariaDB engine database (or none) the backlog and meters come from REST and the two
 * SQL-only snapshots are left out (docs/engine-flavours.md).
 */
@Injectable()
export class NodeSnapshotsFactory {
  constructor(
    private readonly snapshots: SnapshotSettings,
    private readonly streams: StreamSettings,
    private readonly poll: PollSettings,
    private readonly fleet: CamundaFleetSettings,
    @Inject(SnapshotMarkStore)
    private readonly marks: Pick<SnapshotMarkStore, 'load' | 'save' | 'reportedStalls' | 'saveStall'>,
  ) {}

  create(
    node: CamundaNodeConfig,
    engine: NodeEngine,
    publisher: Pick<EventPublisher, 'publish' | 'publishMany'>,
    /** The node's guard: a failing mark is the collector's database, not the engine. */
    stateStore: StateStoreGuard,
  ): PeriodicSnapshot[] {
    const marks = stateStore.wrap(this.marks, 'snapshot marks');
    const { intervalMs } = this.snapshots;
    const timeZone = this.streams.engineTimeZone;
    const nodeId = node.name;
    const { api } = engine;
    const database = engine.database instanceof EngineDatabase ? engine.database : null;
    const snapshots: PeriodicSnapshot[] = [
      new ExternalTaskBacklogSnapshot({
        nodeId,
        publisher,
        reader: database
          ? new SqlBacklogReader(database, timeZone)
          : new RestBacklogReader(api, this.streams.pageSize),
        marks,
        intervalMs: this.poll.intervalMs,
        heartbeatMs: intervalMs,
      }),
      new EngineMetricsSnapshot({
        nodeId,
        publisher,
        reader: database ? new SqlMeterReader(database) : new RestMeterReader(api),
        marks,
        intervalMs,
        settleMs: this.streams.lateCommitOverlapMs,
      }),
    ];
    if (database) {
      snapshots.push(
        new StuckInstancesSnapshot({
          nodeId,
          publisher,
          db: database,
          timeZone,
          marks,
          thresholdDays: this.snapshots.stuckInstanceDays,
          limit: this.snapshots.stuckInstanceLimit,
          intervalMs,
        }),
        new HistorySizeSnapshot({
          nodeId,
          publisher,
          db: database,
          timeZone,
          thresholdDays: this.snapshots.archiveThresholdDays,
          intervalMs: this.snapshots.historySizeIntervalMs,
        }),
      );
    }
    const jvmUrl = this.snapshots.jvmMetricsUrls.get(nodeId);
    if (jvmUrl) {
      snapshots.push(
        new JvmMetricsSnapshot({
          nodeId,
          publisher,
          url: jvmUrl,
          timeoutMs: this.fleet.requestTimeoutMs,
          intervalMs,
        }),
      );
    }
    return snapshots;
  }
}
