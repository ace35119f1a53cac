import type { Provider } from '@nestjs/common';
import { CamundaFleet, CamundaFleetSettings } from '@flowpilot/shared';
import type { CollectorConfig } from './collector.config';

const DAY_MS = 86_400_000;

/** How the nodes are polled: the cycle timer, its timeout and the circuit breaker. */
export abstract class PollSettings {
  abstract readonly intervalMs: number;
  /** A node's cycle taking longer than this counts as a failure. */
  abstract readonly nodeTimeoutMs: number;
  abstract readonly circuitFailureThreshold: number;
  abstract readonly circuitOpenMs: number;
  /** Off in tests that drive the cycles themselves. */
  abstract readonly runTimers: boolean;
}

/** How the history streams read: page sizes, budgets and the engine's clock. */
export abstract class StreamSettings {
  abstract readonly pageSize: number;
  abstract readonly maxPagesPerCycle: number;
  abstract readonly lateCommitOverlapMs: number;
  abstract readonly initialBackfillMs: number;
  /** Time zone of the engine's zone-less timestamps. */
  abstract readonly engineTimeZone: string;
}

/** The engine database connections (CAMUNDA_NODE_<n>_DB_URL). */
export abstract class EngineDatabaseSettings {
  abstract readonly poolSize: number;
}

/** The periodic snapshots of each node. */
export abstract class SnapshotSettings {
  abstract readonly intervalMs: number;
  abstract readonly historySizeIntervalMs: number;
  abstract readonly stuckInstanceDays: number;
  abstract readonly stuckInstanceLimit: number;
  abstract readonly archiveThresholdDays: number;
  /** Micrometer endpoint per node id (JMX_NODE_<n>_URL). */
  abstract readonly jvmMetricsUrls: ReadonlyMap<string, string>;
}

export interface CollectorRunOptions {
  /** Run the per-node timers (off in tests that drive cycles themselves). */
  schedule?: boolean;
}

/** The validated settings as the slices the collector's classes inject, made once. */
export function collectorSettingsProviders(
  config: CollectorConfig,
  options: CollectorRunOptions = {},
): Provider[] {
  return [
    {
      provide: PollSettings,
      useValue: {
        intervalMs: config.POLL_INTERVAL_MS,
        nodeTimeoutMs: config.NODE_POLL_TIMEOUT_MS,
        circuitFailureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
        circuitOpenMs: config.CIRCUIT_OPEN_MS,
        runTimers: options.schedule ?? true,
      } satisfies PollSettings,
    },
    {
      provide: StreamSettings,
      useValue: {
        pageSize: config.POLL_PAGE_SIZE,
        maxPagesPerCycle: config.MAX_PAGES_PER_CYCLE,
        lateCommitOverlapMs: config.LATE_COMMIT_OVERLAP_MS,
        initialBackfillMs: config.INITIAL_BACKFILL_DAYS * DAY_MS,
        engineTimeZone: config.CAMUNDA_DB_TIME_ZONE,
      } satisfies StreamSettings,
    },
    {
      provide: EngineDatabaseSettings,
      useValue: { poolSize: config.ENGINE_DB_POOL_SIZE } satisfies EngineDatabaseSettings,
    },
    {
      provide: SnapshotSettings,
      useValue: {
        intervalMs: config.SNAPSHOT_INTERVAL_MS,
        historySizeIntervalMs: config.HISTORY_SIZE_INTERVAL_MS,
        stuckInstanceDays: config.STUCK_INSTANCE_DAYS,
        stuckInstanceLimit: config.STUCK_INSTANCE_LIMIT,
        archiveThresholdDays: config.DB_ARCHIVE_THRESHOLD_DAYS,
        jvmMetricsUrls: new Map(
          config.nodes.flatMap((node) => {
            const url = config.jvmMetricsUrls.get(node.index);
            return url ? [[node.name, url] as const] : [];
          }),
        ),
      } satisfies SnapshotSettings,
    },
    {
      provide: CamundaFleetSettings,
      useValue: {
        nodes: config.nodes,
        requestTimeoutMs: config.CAMUNDA_REQUEST_TIMEOUT_MS,
      } satisfies CamundaFleetSettings,
    },
    CamundaFleet,
  ];
}
