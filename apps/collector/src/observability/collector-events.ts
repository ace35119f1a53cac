import { EventEmitter } from 'node:events';
import type { CircuitState } from '../circuit/circuit-breaker';

/**
 * Lifecycle events of the collection loop. Metrics, logs and health checks
 * subscribe to these, so the polling code carries no observability calls.
 */
export interface CollectorEventMap {
  polled: [{ node: string; durationMs: number; restLatencyMs: number; published: number }];
  pollFailed: [{ node: string; durationMs: number; reason: string }];
  /** A cycle that stopped on Kafka: nothing is held against the node, the cycle is retried. */
  publishFailed: [{ node: string; durationMs: number; reason: string }];
  /** A cycle that stopped on the collector's own database: not held against the node either. */
  stateFailed: [{ node: string; durationMs: number; reason: string }];
  /** Publishing for the node started failing (first failed cycle) … */
  publishBlocked: [{ node: string; reason: string }];
  /** … and works again (the first acknowledged publish, or cycle ending `ok` with no failed publish, after that). */
  publishResumed: [{ node: string }];
  /** The node-down fact of a circuit that just opened could not be published (a later failed cycle retries). */
  nodeDownUnpublished: [{ node: string; reason: string }];
  pollSkipped: [{ node: string; reason: 'in-flight' | 'circuit-open' }];
  circuit: [{ node: string; from: CircuitState; to: CircuitState }];
  nodeStatus: [{ node: string; status: 'up' | 'down' }];
  factsPublished: [{ node: string; topic: string; count: number }];
  truncated: [{ node: string; stream: string }];
  snapshotFailed: [{ node: string; kind: string; reason: string }];
}

export class CollectorEvents extends EventEmitter<CollectorEventMap> {}
