import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppLogger, errorMessage, EventPublisher, HealthRegistry } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import type { CollectorConfig } from '../collector.config';
import { EngineDatabase } from '../engine/engine-database';
import { missingIndexes } from '../engine/index-advisor';
import { CollectorEvents } from '../observability/collector-events';
import { logCollectorEvents } from '../observability/collector-log';
import { registerCollectorMetrics } from '../observability/collector-metrics';
import { PostgresNodeStateStore } from '../persistence/node-state.store';
import { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import { PostgresWatermarkStore } from '../persistence/watermark.store';
import type { NodePoller, PollOutcome } from './node-poller';
import { buildNodePollers, BuiltNode } from './node-pollers.factory';

/**
 * Owns the node pollers: builds them from the settings, registers their
 * metrics and readiness checks, and runs one collection cycle of every node
 * on demand. Scheduling lives in `PollScheduler`.
 */
@Injectable()
export class CollectionService implements OnModuleInit, OnApplicationShutdown {
  private nodes: BuiltNode[] = [];
  private readonly running = new Set<Promise<PollOutcome>>();
  private shuttingDown = false;
  readonly events = new CollectorEvents();

  constructor(
    @Inject(APP_CONFIG) private readonly config: CollectorConfig,
    private readonly publisher: EventPublisher,
    private readonly watermarks: PostgresWatermarkStore,
    private readonly nodeStates: PostgresNodeStateStore,
    private readonly snapshotMarks: SnapshotMarkStore,
    private readonly health: HealthRegistry,
    private readonly registry: Registry,
    private readonly logger: AppLogger,
  ) {}

  onModuleInit(): void {
    this.nodes = buildNodePollers(
      this.config,
      this.publisher,
      { watermarks: this.watermarks, nodeStates: this.nodeStates, snapshotMarks: this.snapshotMarks },
      this.events,
    );
    registerCollectorMetrics(this.registry, this.events, this.nodeNames);
    logCollectorEvents(this.events, this.logger.forContext('Collector'));
    void this.adviseIndexes();
    for (const { poller } of this.nodes) {
      this.health.register(`camunda:${poller.node}`, async () => ({
        ok: poller.breaker.state !== 'open',
        detail: { circuit: poller.breaker.state, lastFailure: poller.lastFailure },
      }));
    }
    // The producer's own `kafka` check only sees an explicit disconnect, not a broker that stopped answering;
    // the cycles do see it, and report it here instead of against the engines.
    this.health.register('kafka-publish', async () => {
      const blocked = this.nodes.filter(({ publisher }) => publisher.blockedBy !== null);
      return {
        ok: blocked.length === 0,
        detail:
          blocked.length === 0
            ? 'publishing'
            : Object.fromEntries(blocked.map(({ publisher }) => [publisher.node, publisher.blockedBy])),
      };
    });
  }

  /** Missing indexes make every cycle scan a history table: say which, with the statement that adds each. */
  private async adviseIndexes(): Promise<void> {
    const logger = this.logger.forContext('Collector');
    for (const { poller, database } of this.nodes) {
      // The index check reads PostgreSQL's catalogue; MySQL/MariaDB engine schemas ship the same indexes.
      if (!(database instanceof EngineDatabase)) continue;
      try {
        const missing = await missingIndexes(database);
        if (missing.length > 0) {
          logger.warn(
            'engine database lacks indexes the collector relies on; cycles will scan tables (see docs/collector.md)',
            {
              node: poller.node,
              createStatements: missing,
            },
          );
        }
      } catch (error) {
        logger.warn('could not check the engine database indexes', {
          node: poller.node,
          reason: errorMessage(error),
        });
      }
    }
  }

  get nodeNames(): string[] {
    return this.nodes.map((n) => n.poller.node);
  }

  /** One cycle of every node, in parallel; each is bounded by its own timeout. */
  collectAll(): Promise<PollOutcome[]> {
    return Promise.all(this.nodes.map(({ poller }) => this.track(poller)));
  }

  collectNode(node: string): Promise<PollOutcome> {
    const found = this.nodes.find((n) => n.poller.node === node);
    if (!found) throw new Error(`No node named "${node}" is configured`);
    return this.track(found.poller);
  }

  private track(poller: NodePoller): Promise<PollOutcome> {
    // Once shutdown has begun the engine pools are about to close: a cycle started now would fail on them
    // and could publish a false node-down.
    if (this.shuttingDown)
      return Promise.resolve({ node: poller.node, outcome: 'skipped', reason: 'shutdown' });
    const cycle = poller.poll();
    this.running.add(cycle);
    void cycle.finally(() => this.running.delete(cycle)).catch(() => undefined);
    return cycle;
  }

  /**
   * Nest runs the shutdown hooks of one module side by side, so the scheduler's drain does not protect the
   * pools: this service waits for its own cycles (and for timed-out work still running) before closing them,
   * bounded by the cycle timeout.
   */
  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    const drained = Promise.allSettled([
      ...this.running,
      ...this.nodes.map(({ poller }) => poller.settled()),
    ]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.config.NODE_POLL_TIMEOUT_MS);
    });
    await Promise.race([drained, deadline]).finally(() => clearTimeout(timer));
    await Promise.all(this.nodes.map(({ database }) => database?.close().catch(() => undefined)));
  }
}
