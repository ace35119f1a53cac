import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { CircuitState } from '../circuit/circuit-breaker';

/**
 * Lifecycle events of the collection loop. Metrics, logs and health checks
 * subscribe to these, so the polling code carries no observability calls.
 */
export interface CollectorEventMap {
  polled: [{ nodeId: string; durationMs: number; restLatencyMs: number; published: number }];
  pollFailed: [{ nodeId: string; durationMs: number; reason: string }];
  /** A cycle that stopped on Kafka: nothing is held against the node, the cycle is retried. */
  publishFailed: [{ nodeId: string; durationMs: number; reason: string }];
  /** A cycle that stopped on the collector's own database: not held against the node either. */
  stateFailed: [{ nodeId: string; durationMs: number; reason: string }];
  /** Publishing for the node started failing (first failed cycle) … */
  publishBlocked: [{ nodeId: string; reason: string }];
  /** … and works again (the first acknowledged publish, or cycle ending `ok` with no failed publish, after that). */
  publishResumed: [{ nodeId: string }];
  /** The node-down fact of a circuit that just opened could not be published (a later failed cycle retries). */
  nodeDownUnpublished: [{ nodeId: string; reason: string }];
  pollSkipped: [{ nodeId: string; reason: 'in-flight' | 'circuit-open' }];
  circuit: [{ nodeId: string; from: CircuitState; to: CircuitState }];
  nodeStatus: [{ nodeId: string; status: 'up' | 'down' }];
  factsPublished: [{ nodeId: string; topic: string; count: number }];
  truncated: [{ nodeId: string; stream: string }];
  snapshotFailed: [{ nodeId: string; kind: string; reason: string }];
}

@Injectable()
export class CollectorEvents extends EventEmitter<CollectorEventMap> {}
