import {
  Envelope,
  errorMessage,
  EventPublisher,
  PayloadOf,
  PublishItem,
  PublishOptions,
  TopicName,
} from '@flowpilot/shared';
import type { CollectorEvents } from '../observability/collector-events';

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
 * again, for readiness and metrics.
 */
export class NodePublisher implements Pick<EventPublisher, 'publish' | 'publishMany'> {
  private pending = 0;
  private failure: string | null = null;

  constructor(
    readonly node: string,
    private readonly inner: Pick<EventPublisher, 'publishMany'>,
    private readonly events: CollectorEvents,
  ) {}

  /** A publish is waiting for Kafka's acknowledgement right now. */
  get publishing(): boolean {
    return this.pending > 0;
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
    this.pending += 1;
    try {
      const envelopes = await this.inner.publishMany(topic, items);
      this.resume();
      return envelopes;
    } catch (error) {
      throw new PublishFailedError(topic, error);
    } finally {
      this.pending -= 1;
    }
  }

  /** Called by the poller when a cycle ended on Kafka (a failed or stalled publish). */
  block(reason: string): void {
    const first = this.failure === null;
    this.failure = reason;
    if (first) this.events.emit('publishBlocked', { node: this.node, reason });
  }

  private resume(): void {
    if (this.failure === null) return;
    this.failure = null;
    this.events.emit('publishResumed', { node: this.node });
  }
}
