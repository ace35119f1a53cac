import { PipelineEvents } from '../kafka/pipeline-events';
import { ContextLogger } from './app-logger';

/** Logs what an operator needs from the Kafka plumbing: dead letters and retries. */
export function registerPipelineLogging(events: PipelineEvents, logger: ContextLogger): void {
  events.on('deadLettered', ({ topic, reason, eventId }) =>
    logger.warn('message dead-lettered', { topic, reason, eventId }),
  );
  events.on('retrying', ({ topic, attempt, delayMs, reason }) => {
    if (attempt === 1 || attempt % 10 === 0)
      logger.warn('transient failure, retrying', { topic, attempt, delayMs: Math.round(delayMs), reason });
  });
}
