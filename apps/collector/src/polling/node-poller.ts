import { errorMessage } from '@flowpilot/shared';
import { CircuitBreaker } from '../circuit/circuit-breaker';
import type { CollectorEvents } from '../observability/collector-events';
import type { NodeCollector, NodeCycleReport } from './node-collector';
import { NodePublisher, PublishFailedError } from './node-publisher';
import { StateStoreError, StateStoreGuard } from './state-store.guard';
import type { NodeStatusTracker } from './node-status.tracker';

export type PollOutcome =
  | { node: string; outcome: 'ok'; report: NodeCycleReport }
  | { node: string; outcome: 'failed'; reason: string }
  /** Stopped on Kafka: the node is not held responsible, the unacknowledged facts are retried next cycle. */
  | { node: string; outcome: 'publish-failed'; reason: string }
  /** Stopped on the collector's own database (marks, node state): not held against the node either. */
  | { node: string; outcome: 'state-failed'; reason: string }
  | { node: string; outcome: 'skipped'; reason: 'in-flight' | 'circuit-open' | 'shutdown' };

/**
 * A cycle that timed out is blamed on Kafka only when its oldest pending publish had been waiting at least
 * this share of NODE_POLL_TIMEOUT_MS. Kafka acknowledges in milliseconds; a quick publish that happens to be
 * in flight when slow engine reads used up the cycle is no evidence against the broker.
 */
export const KAFKA_STALL_SHARE = 0.25;

export interface NodePollerOptions {
  timeoutMs: number;
  failureThreshold: number;
  openMs: number;
}

/**
 * Polls one node: at most one cycle at a time, bounded by a timeout, behind a
 * circuit breaker. The node is published as down when its circuit opens, and
 * as up on the first successful cycle after that (or after start-up).
 *
 * Only the engine's failures (REST, SQL) count against the node. A cycle that
 * fails or hangs on a publish to Kafka, or on the collector's own database,
 * leaves the circuit and the node's status alone: marks move only after Kafka
 * acknowledges, so the next cycle re-reads and re-publishes the same rows
 * with the same event ids.
 */
export class NodePoller {
  readonly breaker: CircuitBreaker;
  private inFlight: Promise<unknown> | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly collector: NodeCollector,
    private readonly status: NodeStatusTracker,
    private readonly publisher: NodePublisher,
    private readonly stateStore: StateStoreGuard,
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
    this.publisher.beginCycle();
    // Cleared when the work really ends, not at the timeout, so a hung cycle is never doubled.
    const work = this.collector.collect().finally(() => (this.inFlight = null));
    this.inFlight = work.catch(() => undefined);
    let report: NodeCycleReport;
    try {
      report = await withTimeout(
        work,
        this.options.timeoutMs,
        `cycle of node ${node} took longer than ${this.options.timeoutMs} ms`,
      );
    } catch (error) {
      return this.failed(error, started);
    }
    this.breaker.recordSuccess();
    this.lastError = null;
    try {
      if (await this.status.markUp(report.restLatencyMs, report.engine))
        this.events.emit('nodeStatus', { node, status: 'up' });
    } catch (error) {
      return this.failed(error, started);
    }
    for (const stream of report.streams) {
      if (stream.published > 0)
        this.events.emit('factsPublished', { node, topic: stream.topic, count: stream.published });
      if (stream.truncated) this.events.emit('truncated', { node, stream: stream.stream });
    }
    for (const snapshot of report.snapshots) {
      if (snapshot.error !== null)
        this.events.emit('snapshotFailed', { node, kind: snapshot.kind, reason: snapshot.error });
    }
    this.publisher.cycleSucceeded();
    const published = report.streams.reduce((sum, s) => sum + s.published, 0);
    this.events.emit('polled', {
      node,
      durationMs: this.now() - started,
      restLatencyMs: report.restLatencyMs,
      published,
    });
    return { node, outcome: 'ok', report };
  }

  /**
   * A cycle that timed out while a publish had long been waiting for Kafka (or a mark for the collector's
   * database) stopped there, not on the engine: the engine answered every read up to then. Anything else counts.
   */
  private async failed(error: unknown, started: number): Promise<PollOutcome> {
    const node = this.node;
    const reason = errorMessage(error);
    const durationMs = this.now() - started;
    if (
      error instanceof PublishFailedError ||
      (error instanceof CycleTimeoutError && this.stalledOnKafka())
    ) {
      this.breaker.release();
      this.publisher.block(reason);
      this.events.emit('publishFailed', { node, durationMs, reason });
      return { node, outcome: 'publish-failed', reason };
    }
    if (error instanceof StateStoreError || (error instanceof CycleTimeoutError && this.stateStore.busy)) {
      this.breaker.release();
      this.events.emit('stateFailed', { node, durationMs, reason });
      return { node, outcome: 'state-failed', reason };
    }
    this.lastError = reason;
    this.breaker.recordFailure();
    this.events.emit('pollFailed', { node, durationMs, reason });
    if (this.breaker.state === 'open') await this.publishDown(reason);
    return { node, outcome: 'failed', reason };
  }

  /** The oldest pending publish has waited a meaningful share of the cycle (see KAFKA_STALL_SHARE). */
  private stalledOnKafka(): boolean {
    const since = this.publisher.oldestPendingSince;
    return since !== null && this.now() - since >= this.options.timeoutMs * KAFKA_STALL_SHARE;
  }

  /** A node-down fact that cannot be published now is published by a later failed cycle (the state was not saved). */
  private async publishDown(reason: string): Promise<void> {
    try {
      if (await this.status.markDown(reason))
        this.events.emit('nodeStatus', { node: this.node, status: 'down' });
    } catch (error) {
      const failure = `node-down not published: ${errorMessage(error)}`;
      if (error instanceof PublishFailedError) this.publisher.block(failure);
      // The cycle was already counted as failed: this is no second cycle, so it has an event of its own.
      this.events.emit('nodeDownUnpublished', { node: this.node, reason: failure });
    }
  }
}

class CycleTimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CycleTimeoutError(message)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
