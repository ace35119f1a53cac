import type { EventPublisher } from '@flowpilot/shared';

/**
 * What every snapshot of one node takes. `M` names the publisher methods the snapshot uses, so a fake
 * publisher needs only those.
 */
export interface SnapshotParts<M extends keyof EventPublisher = 'publish'> {
  nodeId: string;
  publisher: Pick<EventPublisher, M>;
  /** The snapshot runs at most once per interval. */
  intervalMs: number;
  /** The clock; a spec passes its own. */
  now?: () => number;
}

/** A figure read from a node at its own interval, not once per row (backlog, metrics, sizes). */
export abstract class PeriodicSnapshot {
  abstract readonly kind: string;
  private lastRun: number | null = null;
  private readonly intervalMs: number;
  protected readonly now: () => number;

  constructor({ intervalMs, now = Date.now }: Pick<SnapshotParts, 'intervalMs' | 'now'>) {
    this.intervalMs = intervalMs;
    this.now = now;
  }

  /** Runs the snapshot when its interval has passed since the last successful run. */
  async runIfDue(): Promise<boolean> {
    const now = this.now();
    if (this.lastRun !== null && now - this.lastRun < this.intervalMs) return false;
    await this.collect();
    this.lastRun = now;
    return true;
  }

  protected abstract collect(): Promise<void>;
}
