/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow run makes the
 * next tick skip, not pile up). A failed run is reported and the next interval
 * tries again; `stop()` waits for the run in progress, so shutdown does not
 * pull the database from under it.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.work()
      .then(() => undefined, this.onError)
      .finally(() => (this.running = null));
  }
}
