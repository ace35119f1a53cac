import type { ContextLogger } from '@flowpilot/shared';
import type { CollectorEvents } from './collector-events';

/** What an operator needs in the log: transitions and failures, not every healthy cycle. */
export function logCollectorEvents(events: CollectorEvents, logger: ContextLogger): void {
  events.on('pollFailed', ({ node, reason, durationMs }) =>
    logger.warn('node cycle failed', { node, reason, durationMs }),
  );
  events.on('publishFailed', ({ node, reason, durationMs }) =>
    logger.warn('node cycle stopped on Kafka; it is retried, the node is not held responsible', {
      node,
      reason,
      durationMs,
    }),
  );
  events.on('stateFailed', ({ node, reason, durationMs }) =>
    logger.warn(
      "node cycle stopped on the collector's database; it is retried, the node is not held responsible",
      {
        node,
        reason,
        durationMs,
      },
    ),
  );
  events.on('nodeDownUnpublished', ({ node, reason }) =>
    logger.warn('node-down fact not published; a later failed cycle publishes it', { node, reason }),
  );
  events.on('publishResumed', ({ node }) => logger.info('publishing to Kafka works again', { node }));
  events.on('circuit', ({ node, from, to }) => logger.warn('circuit breaker changed', { node, from, to }));
  events.on('nodeStatus', ({ node, status }) => logger.info(`node is ${status}`, { node, status }));
  events.on('snapshotFailed', ({ node, kind, reason }) =>
    logger.warn('snapshot failed', { node, kind, reason }),
  );
  events.on('truncated', ({ node, stream }) =>
    logger.info('stream has more rows than one cycle reads; continuing next cycle', { node, stream }),
  );
}
