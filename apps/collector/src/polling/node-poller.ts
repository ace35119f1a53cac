import { errorMessage } from '@flowpilot/shared';
import { CircuitBreaker } from '../circuit/circuit-breaker';
import type { CollectorEvents } from '../observability/collector.events';
import type { PollCycle, PollCycleReport } from './poll-cycle';
import { NodePublisher, PublishFailedError } from './node-publisher';
import { StateStoreError, StateStoreGuard } from './state-store.guard';
import type { NodeStatusTracker } from './node-status.tracker';

export type PollOutcome =
  | { nodeId: string; outcome: 'ok'; report: PollCycleReport }
  | { nodeId: string; outcome: 'failed'; reason: string }
  /** Stopped on Kafka: the node is not held responsible, the unacknowledged facts are retried next cycle. */
  | { nodeId: string; outcome: 'publish-failed'; reason: string }
  /** Stopped on the collector's own database (marks, node state): not held against the node either. */
  | { nodeId: string; outcome: 'state-failed'; reason: string }
  | { nodeId: string; outcome: 'skipped'; reason: 'in-flight' | 'circuit-open' | 'shutdown' };

/**
 * A cycle that timed out is blamed on Kafka only when its oldest pending publish had been waiting at least
 * this share of NODE_POLL_TIMEOUT_MS. Kafka acknowledges in milliseconds; a quick publish that happens to be
 * in flight when slow engine reads used up the cycle is no evidence against the broker.
 */
export const KAFKA_STALL_SHARE = 0.25;

/** One node's cycle and what the poller reports through. */
export interface NodePollerParts {
  nodeId: string;
  cycle: Pick<PollCycle, 'run'>;
  status: Pick<NodeStatusTracker, 'markUp' | 'markDown'>;
  publisher: NodePublisher;
  stateStore: StateStoreGuard;
  events: CollectorEvents;
}

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
  readonly nodeId: string;
  private lastError: string | null = null;
  private readonly cycle: NodePollerParts['cycle'];
  private readonly status: NodePollerParts['status'];
  private readonly publisher: NodePublisher;
  private readonly stateStore: StateStoreGuard;
  private readonly events: CollectorEvents;

  constructor(
    parts: NodePollerParts,
    private readonly options: NodePollerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.nodeId = parts.nodeId;
    this.cycle = parts.cycle;
    this.status = parts.status;
    this.publisher = parts.publisher;
    this.stateStore = parts.stateStore;
    this.events = parts.events;
    this.breaker = new CircuitBreaker(
      { failureThreshold: options.failureThreshold, openMs: options.openMs },
      now,
      (from, to) => this.events.emit('circuit', { nodeId: this.nodeId, from, to }),
    );
  }

  get lastFailure(): string | null {
    return this.lastError;
  }

  /** Resolves when the cycle under way (if any) has really ended, even one that already timed out. */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  async poll(): Promise<PollOutcome> {
    const nodeId = this.nodeId;
    if (this.inFlight) {
      this.events.emit('pollSkipped', { nodeId, reason: 'in-flight' });
      return { nodeId, outcome: 'skipped', reason: 'in-flight' };
    }
    if (!this.breaker.tryAcquire()) {
      this.events.emit('pollSkipped', { nodeId, reason: 'circuit-open' });
      return { nodeId, outcome: 'skipped', reason: 'circuit-open' };
    }
    const started = this.now();
    this.publisher.beginCycle();
    // Cleared when the work really ends, not at the timeout, so a hung cycle is never doubled.
    const work = this.cycle.run().finally(() => (this.inFlight = null));
    this.inFlight = work.catch(() => undefined);
    let report: PollCycleReport;
    try {
      report = await withTimeout(
        work,
        this.options.timeoutMs,
        `cycle of node ${nodeId} took longer than ${this.options.timeoutMs} ms`,
      );
    } catch (error) {
      return this.failed(error, started);
    }
    this.breaker.recordSuccess();
    this.lastError = null;
    try {
      if (await this.status.markUp(report.restLatencyMs, report.engine))
        this.events.emit('nodeStatus', { nodeId, status: 'up' });
    } catch (error) {
      return this.failed(error, started);
    }
    for (const stream of report.streams) {
      if (stream.published > 0)
        this.events.emit('factsPublished', { nodeId, topic: stream.topic, count: stream.published });
      if (stream.truncated) this.events.emit('truncated', { nodeId, stream: stream.stream });
    }
    for (const snapshot of report.snapshots) {
      if (snapshot.error !== null)
        this.events.emit('snapshotFailed', { nodeId, kind: snapshot.kind, reason: snapshot.error });
    }
    this.publisher.cycleSucceeded();
    const published = report.streams.reduce((sum, s) => sum + s.published, 0);
    this.events.emit('polled', {
      nodeId,
      durationMs: this.now() - started,
      restLatencyMs: report.restLatencyMs,
      published,
    });
    return { nodeId, outcome: 'ok', report };
  }

  /**
   * A cycle that timed out while a publish had long been waiting for Kafka (or a mark for the collector's
   * database) stopped there, not on the engine: the engine answered every read up to then. Anything else counts.
   */
  private async failed(error: unknown, started: number): Promise<PollOutcome> {
    const nodeId = this.nodeId;
    const reason = errorMessage(error);
    const durationMs = this.now() - started;
    if (
      error instanceof PublishFailedError ||
      (error instanceof CycleTimeoutError && this.stalledOnKafka())
    ) {
      this.breaker.release();
      this.publisher.block(reason);
      this.events.emit('publishFailed', { nodeId, durationMs, reason });
      return { nodeId, outcome: 'publish-failed', reason };
    }
    if (error instanceof StateStoreError || (error instanceof CycleTimeoutError && this.stateStore.busy)) {
      this.breaker.release();
      this.events.emit('stateFailed', { nodeId, durationMs, reason });
      return { nodeId, outcome: 'state-failed', reason };
    }
    this.lastError = reason;
    this.breaker.recordFailure();
    this.events.emit('pollFailed', { nodeId, durationMs, reason });
    if (this.breaker.state === 'open') await this.publishDown(reason);
    return { nodeId, outcome: 'failed', reason };
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
        this.events.emit('nodeStatus', { nodeId: this.nodeId, status: 'down' });
    } catch (error) {
      const failure = `node-down not published: ${errorMessage(error)}`;
      if (error instanceof PublishFailedError) this.publisher.block(failure);
      // The cycle was already counted as failed: this is no second cycle, so it has an event of its own.
      this.events.emit('nodeDownUnpublished', { nodeId: this.nodeId, reason: failure });
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
