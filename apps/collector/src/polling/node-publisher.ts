import {
  Envelope,
  errorMessage,
  EventPublisher,
  PayloadOf,
  PublishItem,
  PublishOptions,
  TopicName,
} from '@flowpilot/shared';
import type { CollectorEvents } from '../observability/collector.events';

/** A publish to Kafka that failed: a problem of the broker (or of the collector), never of the engine. */
export class PublishFailedError extends Error {
  constructor(topic: string, cause: unknown) {
    super(`publish to ${topic} failed: ${errorMessage(cause)}`, { cause });
    this.name = 'PublishFailedError';
  }
}

/**
 * The publisher one node's cycle writes through. It tells the poller whether
 * a cycle is stuck in (or failed on) Kafka rather than on the engine, and
 * remembers that Kafka is failing for this node until a publish succeeds
 * again (or a cycle ends with none of its publishes failed), for readiness and metrics.
 */
export class NodePublisher implements Pick<EventPublisher, 'publish' | 'publishMany'> {
  /** Start times of the publishes waiting for Kafka, oldest first (the clock only moves forward). */
  private readonly pendingSince: number[] = [];
  private failure: string | null = null;
  private failedInCycle = false;

  constructor(
    readonly nodeId: string,
    private readonly inner: Pick<EventPublisher, 'publishMany'>,
    private readonly events: CollectorEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** A publish is waiting for Kafka's acknowledgement right now. */
  get publishing(): boolean {
    return this.pendingSince.length > 0;
  }

  /** When the publish that has waited longest for Kafka started, or null when none is waiting. */
  get oldestPendingSince(): number | null {
    return this.pendingSince[0] ?? null;
  }

  /** Why publishing is failing for this node, or null while it works. */
  get blockedBy(): string | null {
    return this.failure;
  }

  async publish<T extends TopicName>(
    topic: T,
    payload: PayloadOf<T>,
    options: PublishOptions = {},
  ): Promise<Envelope<PayloadOf<T>>> {
    const [envelope] = await this.publishMany(topic, [{ payload, options }]);
    return envelope;
  }

  async publishMany<T extends TopicName>(
    topic: T,
    items: PublishItem<T>[],
  ): Promise<Envelope<PayloadOf<T>>[]> {
    const startedAt = this.now();
    this.pendingSince.push(startedAt);
    try {
      const envelopes = await this.inner.publishMany(topic, items);
      this.resume();
      return envelopes;
    } catch (error) {
      this.failedInCycle = true;
      throw new PublishFailedError(topic, error);
    } finally {
      // Equal start times are interchangeable, so removing the first one keeps the list ordered.
      this.pendingSince.splice(this.pendingSince.indexOf(startedAt), 1);
    }
  }

  /** Called by the poller when a cycle starts, so its end can tell whether any of its publishes failed. */
  beginCycle(): void {
    this.failedInCycle = false;
  }

  /**
   * Called by the poller when a cycle ended `ok`. If none of its publishes failed (a snapshot's failure does
   * not fail the cycle), Kafka works for this node, even when the cycle had nothing to publish: a quiet node
   * would otherwise stay blocked in readiness until its next fact.
   */
  cycleSucceeded(): void {
    if (!this.failedInCycle) this.resume();
  }

  /** Called by the poller when a cycle ended on Kafka (a failed or stalled publish). */
  block(reason: string): void {
    const first = this.failure === null;
    this.failure = reason;
    if (first) this.events.emit('publishBlocked', { nodeId: this.nodeId, reason });
  }

  private resume(): void {
    if (this.failure === null) return;
    this.failure = null;
    this.events.emit('publishResumed', { nodeId: this.nodeId });
  }
}
