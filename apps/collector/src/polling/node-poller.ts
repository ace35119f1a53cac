import { errorMessage } from '@flowpilot/shared';
import { CircuitBreaker } from '../circuit/circuit-breaker';
import type { CollectorEvents } from '../observability/collector-events';
import type { NodeCollector, NodeCycleReport } from './node-collector';
import type { NodeStatusTracker } from './node-status.tracker';

export type PollOutcome =
  | { node: string; outcome: 'ok'; report: NodeCycleReport }
  | { node: string; outcome: 'failed'; reason: string }
  | { node: string; outcome: 'skipped'; reason: 'in-flight' | 'circuit-open' | 'shutdown' };

export interface NodePollerOptions {
  timeoutMs: number;
  failureThreshold: number;
  openMs: number;
}

/**
 * Polls one node: at most one cycle at a time, bounded by a timeout, behind a
 * circuit breaker. The node is published as down when its circuit opens, and
 * as up on the first successful cycle after that (or after start-up).
 */
export class NodePoller {
  readonly breaker: CircuitBreaker;
  private inFlight: Promise<unknown> | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly collector: NodeCollector,
    private readonly status: NodeStatusTracker,
    private readonly events: CollectorEvents,
    private readonly options: NodePollerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = new CircuitBreaker(
      { failureThreshold: options.failureThreshold, openMs: options.openMs },
      now,
      (from, to) => events.emit('circuit', { node: this.node, from, to }),
    );
  }

  get node(): string {
    return this.collector.api.nodeName;
  }

  get lastFailure(): string | null {
    return this.lastError;
  }

  /** Resolves when the cycle under way (if any) has really ended, even one that already timed out. */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  async poll(): Promise<PollOutcome> {
    const node = this.node;
    if (this.inFlight) {
      this.events.emit('pollSkipped', { node, reason: 'in-flight' });
      return { node, outcome: 'skipped', reason: 'in-flight' };
    }
    if (!this.breaker.tryAcquire()) {
      this.events.emit('pollSkipped', { node, reason: 'circuit-open' });
      return { node, outcome: 'skipped', reason: 'circuit-open' };
    }
    const started = this.now();
    // Cleared when the work really ends, not at the timeout, so a hung cycle is never doubled.
    const work = this.collector.collect().finally(() => (this.inFlight = null));
    this.inFlight = work.catch(() => undefined);
    try {
      const report = await withTimeout(
        work,
        this.options.timeoutMs,
        `cycle of node ${node} took longer than ${this.options.timeoutMs} ms`,
      );
      this.breaker.recordSuccess();
      this.lastError = null;
      if (await this.status.markUp(report.restLatencyMs, report.engineVersion))
        this.events.emit('nodeStatus', { node, status: 'up' });
      for (const stream of report.streams) {
        if (stream.published > 0)
          this.events.emit('factsPublished', { node, topic: stream.topic, count: stream.published });
        if (stream.truncated) this.events.emit('truncated', { node, stream: stream.stream });
      }
      for (const snapshot of report.snapshots) {
        if (snapshot.error !== null)
          this.events.emit('snapshotFailed', { node, kind: snapshot.kind, reason: snapshot.error });
      }
      const published = report.streams.reduce((sum, s) => sum + s.published, 0);
      this.events.emit('polled', {
        node,
        durationMs: this.now() - started,
        restLatencyMs: report.restLatencyMs,
        published,
      });
      return { node, outcome: 'ok', report };
    } catch (error) {
      const reason = errorMessage(error);
      this.lastError = reason;
      this.breaker.recordFailure();
      this.events.emit('pollFailed', { node, durationMs: this.now() - started, reason });
      if (this.breaker.state === 'open') await this.publishDown(reason);
      return { node, outcome: 'failed', reason };
    }
  }

  /** A node-down fact that cannot be published now is published by a later failed cycle (the state was not saved). */
  private async publishDown(reason: string): Promise<void> {
    try {
      if (await this.status.markDown(reason))
        this.events.emit('nodeStatus', { node: this.node, status: 'down' });
    } catch (error) {
      this.events.emit('pollFailed', {
        node: this.node,
        durationMs: 0,
        reason: `node-down not published: ${errorMessage(error)}`,
      });
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
