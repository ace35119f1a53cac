import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks the engine's cheapest endpoint (`/version`) over and over while the burst runs and keeps the slowest
 * answer. A collector cycle and an incident's own transaction both need the engine: when it stops answering
 * (a stop-the-world collection of its heap, a flush that holds its threads), this shows for how long.
 */
export class EngineResponsiveness {
  private slowestMs = 0;
  private probes = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly engineUrl: string,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const asked = Date.now();
        await fetch(`${this.engineUrl}/version`, { signal: AbortSignal.timeout(60_000) })
          .then((response) => response.arrayBuffer())
          .catch(() => undefined);
        this.slowestMs = Math.max(this.slowestMs, Date.now() - asked);
        this.probes += 1;
        await sleep(this.intervalMs);
      }
    })();
    return this;
  }

  async stop(): Promise<string> {
    this.running = false;
    await this.loop;
    return `engine GET /version every ${this.intervalMs} ms from the burst's start until the services caught up: ${this.probes} answers, the slowest after ${this.slowestMs} ms.`;
  }
}
