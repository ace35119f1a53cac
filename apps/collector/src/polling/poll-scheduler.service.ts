import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import {
  AppLogger,
  CamundaFleet,
  CamundaNodeConfig,
  ContextLogger,
  errorMessage,
  HealthRegistry,
} from '@flowpilot/shared';
import type { CircuitBreaker } from '../circuit/circuit-breaker';
import { PollSettings } from '../collector.settings';
import { EngineDatabase } from '../engine/engine-database';
import type { EngineSql } from '../engine/engine-sql';
import { missingIndexes } from '../engine/index-advisor';
import type { NodePoller, PollOutcome } from './node-poller';
import { NodePollerFactory } from './node-poller.factory';
import type { NodePublisher } from './node-publisher';

/** What the scheduler uses of one node's poller, publisher and engine. */
export interface ScheduledNode {
  poller: Pick<NodePoller, 'nodeId' | 'poll' | 'settled' | 'lastFailure'> & {
    breaker: Pick<CircuitBreaker, 'state'>;
  };
  publisher: Pick<NodePublisher, 'nodeId' | 'blockedBy'>;
  engine: { database: Pick<EngineSql, 'close'> | null };
}

export interface NodePollers {
  create(node: CamundaNodeConfig): ScheduledNode;
}

/** A stream stopped at its page budget: the next cycle starts at once, so a backlog drains without waiting. */
function hasBacklog(outcome: PollOutcome): boolean {
  return outcome.outcome === 'ok' && outcome.report.streams.some((stream) => stream.truncated);
}

/**
 * Drives the node pollers: makes one per configured node, registers their readiness checks, and runs each
 * node on its own timer, so a slow or dead node never delays the others: a node's next cycle starts
 * POLL_INTERVAL_MS after its previous one started (or right away when it took longer or left rows for later).
 * Tests without timers run cycles with `pollAll`.
 */
@Injectable()
export class PollScheduler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private nodes: ScheduledNode[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Every cycle under way, whether a timer or `pollAll` started it. */
  private readonly running = new Set<Promise<PollOutcome>>();
  private shuttingDown = false;

  constructor(
    private readonly settings: PollSettings,
    @Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'nodes'>,
    @Inject(NodePollerFactory) private readonly pollers: NodePollers,
    @Inject(HealthRegistry) private readonly health: Pick<HealthRegistry, 'register'>,
    @Inject(AppLogger) private readonly logger: { forContext(context: string): Pick<ContextLogger, 'warn'> },
  ) {}

  onModuleInit(): void {
    this.nodes = this.fleet.nodes.map((node) => this.pollers.create(node));
    void this.adviseIndexes();
    for (const { poller } of this.nodes) {
      this.health.register(`camunda:${poller.nodeId}`, async () => ({
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
            : Object.fromEntries(blocked.map(({ publisher }) => [publisher.nodeId, publisher.blockedBy])),
      };
    });
  }

  onApplicationBootstrap(): void {
    if (!this.settings.runTimers) return;
    for (const nodeId of this.nodeIds) this.schedule(nodeId, 0);
  }

  get nodeIds(): string[] {
    return this.nodes.map(({ poller }) => poller.nodeId);
  }

  /** One cycle of every node, in parallel; each is bounded by its own timeout. */
  pollAll(): Promise<PollOutcome[]> {
    return Promise.all(this.nodes.map(({ poller }) => this.track(poller)));
  }

  pollNode(nodeId: string): Promise<PollOutcome> {
    const found = this.nodes.find(({ poller }) => poller.nodeId === nodeId);
    if (!found) throw new Error(`No node named "${nodeId}" is configured`);
    return this.track(found.poller);
  }

  private schedule(nodeId: string, delayMs: number): void {
    if (this.shuttingDown) return;
    this.timers.set(
      nodeId,
      setTimeout(() => {
        const started = Date.now();
        // A cycle that rejects (or throws) must not end this node's schedule: it counts as a failed cycle.
        void Promise.resolve()
          .then(() => this.pollNode(nodeId))
          .catch((error: unknown): PollOutcome => ({
            nodeId,
            outcome: 'failed',
            reason: errorMessage(error),
          }))
          .then((outcome) =>
            this.schedule(
              nodeId,
              hasBacklog(outcome) ? 0 : Math.max(0, this.settings.intervalMs - (Date.now() - started)),
            ),
          );
      }, delayMs),
    );
  }

  private track(poller: ScheduledNode['poller']): Promise<PollOutcome> {
    // Once shutdown has begun the engine pools are about to close: a cycle started now would fail on them
    // and could publish a false node-down.
    if (this.shuttingDown)
      return Promise.resolve({ nodeId: poller.nodeId, outcome: 'skipped', reason: 'shutdown' });
    const cycle = poller.poll();
    this.running.add(cycle);
    void cycle.finally(() => this.running.delete(cycle)).catch(() => undefined);
    return cycle;
  }

  /** Missing indexes make every cycle scan a history table: say which, with the statement that adds each. */
  private async adviseIndexes(): Promise<void> {
    const logger = this.logger.forContext('Collector');
    for (const { poller, engine } of this.nodes) {
      // The index check reads PostgreSQL's catalogue; MySQL/MariaDB engine schemas ship the same indexes.
      if (!(engine.database instanceof EngineDatabase)) continue;
      try {
        const missing = await missingIndexes(engine.database);
        if (missing.length > 0) {
          logger.warn(
            'engine database lacks indexes the collector relies on; cycles will scan tables (see docs/collector.md)',
            { node: poller.nodeId, createStatements: missing },
          );
        }
      } catch (error) {
        logger.warn('could not check the engine database indexes', {
          node: poller.nodeId,
          reason: errorMessage(error),
        });
      }
    }
  }

  /**
   * Stops scheduling, then waits for the cycles under way (and for timed-out work still running) before
   * closing the engine pools, bounded by the cycle timeout: their marks are saved as they go, and a pool
   * closed under a cycle would fail it and could publish a false node-down.
   */
  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    const drained = Promise.allSettled([
      ...this.running,
      ...this.nodes.map(({ poller }) => poller.settled()),
    ]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.settings.nodeTimeoutMs);
    });
    await Promise.race([drained, deadline]).finally(() => clearTimeout(timer));
    await Promise.all(this.nodes.map(({ engine }) => engine.database?.close().catch(() => undefined)));
  }
}
