import { EventEmitter } from 'node:events';
import type { Envelope } from '../contracts/envelope';

/**
 * Lifecycle events of the Kafka plumbing. Metrics and logs subscribe to these,
 * so the producer and consumer code carries no observability calls of its own.
 */
export interface PipelineEventMap {
  /** `envelopes` when the messages were catalogue events (absent for dead letters). */
  produced: [{ topic: string; count: number; envelopes?: readonly Envelope<unknown>[] }];
  /** `count` messages (1 when absent) finished with `outcome`; a chunk's share the chunk's duration. */
  consumed: [
    { topic: string; outcome: 'handled' | 'duplicate' | 'dead-lettered'; durationMs: number; count?: number },
  ];
  retrying: [{ topic: string; attempt: number; delayMs: number; reason: string }];
  deadLettered: [{ topic: string; reason: string; eventId: string | null }];
  lag: [{ topic: string; partition: number; lag: number }];
}

export class PipelineEvents extends EventEmitter<PipelineEventMap> {}
