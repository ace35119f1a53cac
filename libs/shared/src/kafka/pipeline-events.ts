import { EventEmitter } from 'node:events';

/**
 * Lifecycle events of the Kafka plumbing. Metrics and logs subscribe to these,
 * so the producer and consumer code carries no observability calls of its own.
 */
export interface PipelineEventMap {
  produced: [{ topic: string; count: number }];
  consumed: [{ topic: string; outcome: 'handled' | 'duplicate' | 'dead-lettered'; durationMs: number }];
  retrying: [{ topic: string; attempt: number; delayMs: number; reason: string }];
  deadLettered: [{ topic: string; reason: string; eventId: string | null }];
  lag: [{ topic: string; partition: number; lag: number }];
}

export class PipelineEvents extends EventEmitter<PipelineEventMap> {}
