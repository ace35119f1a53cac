import { CamundaNodeConfig, CamundaRestClient, EventPublisher } from '@flowpilot/shared';
import type { CollectorConfig } from '../collector.config';
import { CollectorCamundaApi } from '../engine/collector-camunda.api';
import { EngineDatabase } from '../engine/engine-database';
import { EngineIdentityProbe, readSchemaVersion } from '../engine/engine-identity';
import { EngineSql, engineSqlDialectOf } from '../engine/engine-sql';
import { MysqlEngineDatabase } from '../engine/mysql-engine-database';
import type { CollectorEvents } from '../observability/collector-events';
import type { NodeStateStore } from '../persistence/node-state.store';
import type { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import type { WatermarkStore } from '../persistence/watermark.store';
import { EngineMetricsSnapshot, RestMeterReader, SqlMeterReader } from '../snapshots/engine-metrics.snapshot';
import {
  ExternalTaskBacklogSnapshot,
  RestBacklogReader,
  SqlBacklogReader,
} from '../snapshots/external-task-backlog.snapshot';
import { HistorySizeSnapshot } from '../snapshots/history-size.snapshot';
import { JvmMetricsSnapshot } from '../snapshots/jvm-metrics.snapshot';
import type { PeriodicSnapshot } from '../snapshots/periodic-snapshot';
import { StuckInstancesSnapshot } from '../snapshots/stuck-instances.snapshot';
import type { FactStream } from '../streams/fact-stream';
import { historyRestStreams } from '../streams/history-rest.streams';
import { historySqlStreams } from '../streams/history-sql.streams';
import { StackTraceReader } from '../streams/stack-trace.enricher';
import { IncrementalStreamRunner } from '../streams/incremental-stream.runner';
import { NodeCollector } from './node-collector';
import { NodePoller } from './node-poller';
import { NodePublisher } from './node-publisher';
import { StateStoreGuard } from './state-store.guard';
import { NodeStatusTracker } from './node-status.tracker';

export interface CollectorStores {
  watermarks: WatermarkStore;
  nodeStates: NodeStateStore;
  snapshotMarks: SnapshotMarkStore;
}

export interface BuiltNode {
  poller: NodePoller;
  publisher: NodePublisher;
  database: EngineSql | null;
}

const DAY_MS = 86_400_000;

/**
 * Wires one poller per configured node. With CAMUNDA_NODE_<n>_DB_URL the
 * history streams and database snapshots read the engine's tables by SQL
 * (PostgreSQL, or MySQL/MariaDB by the URL's scheme); without it they use
 * REST (paged) and the SQL-only snapshots are left out.
 */
export function buildNodePollers(
  config: CollectorConfig,
  publisher: EventPublisher,
  stores: CollectorStores,
  events: CollectorEvents,
): BuiltNode[] {
  return config.nodes.map((node) => {
    // Everything the node's cycle publishes goes through its own publisher, so the poller can tell a cycle
    // that stopped on Kafka from one that stopped on the engine.
    const nodePublisher = new NodePublisher(node.name, publisher, events);
    // Likewise for the collector's own database: a failing mark or node state is not the engine's fault.
    const stateStore = new StateStoreGuard();
    const runner = new IncrementalStreamRunner(
      stateStore.wrap(stores.watermarks, 'watermarks'),
      nodePublisher,
      {
        pageSize: config.POLL_PAGE_SIZE,
        maxPages: config.MAX_PAGES_PER_CYCLE,
        overlapMs: config.LATE_COMMIT_OVERLAP_MS,
        initialBackfillMs: config.INITIAL_BACKFILL_DAYS * DAY_MS,
        // SQL reads the engine's zone-less timestamps; REST dates carry their offset and are kept in UTC.
        cursorTimeZone: node.databaseUrl ? config.CAMUNDA_DB_TIME_ZONE : 'UTC',
      },
    );
    const api = new CollectorCamundaApi(new CamundaRestClient(node, config.CAMUNDA_REQUEST_TIMEOUT_MS));
    const database = node.databaseUrl ? openEngineDatabase(node.databaseUrl, config) : null;
    const stackTraces = stackTraceReader(api);
    const streams: FactStream[] = database
      ? historySqlStreams(database, config.CAMUNDA_DB_TIME_ZONE, stackTraces)
      : historyRestStreams(api, stackTraces, config.POLL_PAGE_SIZE);
    const collector = new NodeCollector(
      api,
      streams,
      runner,
      snapshotsFor(
        node,
        config,
        api,
        database,
        nodePublisher,
        stateStore.wrap(stores.snapshotMarks, 'snapshot marks'),
      ),
      new EngineIdentityProbe({
        productName: () => api.productName(),
        schemaVersion: () => (database ? readSchemaVersion(database) : Promise.resolve(null)),
      }),
      // Half the timeout for new pages leaves the rest for the pages under way, the snapshots and the marks.
      Math.floor(config.NODE_POLL_TIMEOUT_MS / 2),
    );
    const status = new NodeStatusTracker(
      node,
      stateStore.wrap(stores.nodeStates, 'node states'),
      nodePublisher,
    );
    const poller = new NodePoller(collector, status, nodePublisher, stateStore, events, {
      timeoutMs: config.NODE_POLL_TIMEOUT_MS,
      failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
      openMs: config.CIRCUIT_OPEN_MS,
    });
    return { poller, publisher: nodePublisher, database };
  });
}

/** The engine database by its URL's scheme: `postgres://` or `mysql://` / `mariadb://`. */
function openEngineDatabase(url: string, config: CollectorConfig): EngineSql {
  const options = {
    url,
    poolSize: config.ENGINE_DB_POOL_SIZE,
    statementTimeoutMs: config.NODE_POLL_TIMEOUT_MS,
  };
  return engineSqlDialectOf(url) === 'mysql'
    ? new MysqlEngineDatabase({ ...options, timeZone: config.CAMUNDA_DB_TIME_ZONE })
    : new EngineDatabase({ ...options, applicationName: 'flowpilot-collector' });
}

/**
 * The snapshots of one node. The backlog, meter, stuck-instance and history-size queries are written for
 * PostgreSQL; on a MySQL/MariaDB engine database the backlog and meters come from REST and the two SQL-only
 * snapshots are left out (docs/engine-flavours.md).
 */
function snapshotsFor(
  node: CamundaNodeConfig,
  config: CollectorConfig,
  api: CollectorCamundaApi,
  engineSql: EngineSql | null,
  publisher: NodePublisher,
  snapshotMarks: SnapshotMarkStore,
): PeriodicSnapshot[] {
  const tz = config.CAMUNDA_DB_TIME_ZONE;
  const database = engineSql instanceof EngineDatabase ? engineSql : null;
  const snapshots: PeriodicSnapshot[] = [
    new ExternalTaskBacklogSnapshot(
      node.name,
      database ? new SqlBacklogReader(database, tz) : new RestBacklogReader(api, config.POLL_PAGE_SIZE),
      snapshotMarks,
      publisher,
      config.POLL_INTERVAL_MS,
      config.SNAPSHOT_INTERVAL_MS,
    ),
    new EngineMetricsSnapshot(
      node.name,
      database ? new SqlMeterReader(database) : new RestMeterReader(api),
      snapshotMarks,
      publisher,
      config.SNAPSHOT_INTERVAL_MS,
      config.LATE_COMMIT_OVERLAP_MS,
    ),
  ];
  if (database) {
    snapshots.push(
      new StuckInstancesSnapshot(
        node.name,
        database,
        tz,
        snapshotMarks,
        publisher,
        config.STUCK_INSTANCE_DAYS,
        config.STUCK_INSTANCE_LIMIT,
        config.SNAPSHOT_INTERVAL_MS,
      ),
      new HistorySizeSnapshot(
        node.name,
        database,
        tz,
        publisher,
        config.DB_ARCHIVE_THRESHOLD_DAYS,
        config.HISTORY_SIZE_INTERVAL_MS,
      ),
    );
  }
  const jvmUrl = config.jvmMetricsUrls.get(node.index);
  if (jvmUrl) {
    snapshots.push(
      new JvmMetricsSnapshot(
        node.name,
        jvmUrl,
        config.CAMUNDA_REQUEST_TIMEOUT_MS,
        publisher,
        config.SNAPSHOT_INTERVAL_MS,
      ),
    );
  }
  return snapshots;
}

function stackTraceReader(api: CollectorCamundaApi): StackTraceReader {
  return async ({ jobId, externalTaskId }) => {
    if (jobId) return api.jobStackTrace(jobId);
    if (externalTaskId) return api.externalTaskErrorDetails(externalTaskId);
    return null;
  };
}
