/** A figure read from a node at its own interval, not once per row (backlog, metrics, sizes). */
export abstract class PeriodicSnapshot {
  abstract readonly kind: string;
  private lastRun: number | null = null;

  constructor(
    private readonly intervalMs: number,
    protected readonly now: () => number = Date.now,
  ) {}

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
