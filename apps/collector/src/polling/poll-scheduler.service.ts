import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, errorMessage } from '@flowpilot/shared';
import type { CollectorConfig } from '../collector.config';
import { CollectionService } from './collection.service';
import type { PollOutcome } from './node-poller';

/** A stream stopped at its page budget: the next cycle starts at once, so a backlog drains without waiting. */
function hasBacklog(outcome: PollOutcome): boolean {
  return outcome.outcome === 'ok' && outcome.report.streams.some((stream) => stream.truncated);
}

/**
 * Runs each node on its own timer, so a slow or dead node never delays the
 * others: a node's next cycle starts POLL_INTERVAL_MS after its previous one
 * started (or right away when it took longer or left rows for later).
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: CollectorConfig,
    private readonly collection: CollectionService,
  ) {}

  onApplicationBootstrap(): void {
    for (const node of this.collection.nodeNames) this.schedule(node, 0);
  }

  private schedule(node: string, delayMs: number): void {
    if (this.stopped) return;
    this.timers.set(
      node,
      setTimeout(() => {
        const started = Date.now();
        // A cycle that rejects (or throws) must not end this node's schedule: it counts as a failed cycle.
        const cycle = Promise.resolve()
          .then(() => this.collection.collectNode(node))
          .catch((error: unknown): PollOutcome => ({ node, outcome: 'failed', reason: errorMessage(error) }))
          .then((outcome) => {
            this.running.delete(cycle);
            this.schedule(
              node,
              hasBacklog(outcome) ? 0 : Math.max(0, this.config.POLL_INTERVAL_MS - (Date.now() - started)),
            );
          });
        this.running.add(cycle);
      }, delayMs),
    );
  }

  /** Stops scheduling and lets the cycles under way finish (their marks are saved as they go). */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.running]);
  }
}
