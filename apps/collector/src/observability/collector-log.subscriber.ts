import type { ContextLogger } from '@flowpilot/shared';
import type { CollectorEvents } from './collector.events';

/** What an operator needs in the log: transitions and failures, not every healthy cycle. */
export function logCollectorEvents(events: CollectorEvents, logger: ContextLogger): void {
  events.on('pollFailed', ({ nodeId, reason, durationMs }) =>
    logger.warn('node cycle failed', { node: nodeId, reason, durationMs }),
  );
  events.on('publishFailed', ({ nodeId, reason, durationMs }) =>
    logger.warn('node cycle stopped on Kafka; it is retried, the node is not held responsible', {
      node: nodeId,
      reason,
      durationMs,
    }),
  );
  events.on('stateFailed', ({ nodeId, reason, durationMs }) =>
    logger.warn(
      "node cycle stopped on the collector's database; it is retried, the node is not held responsible",
      {
        node: nodeId,
        reason,
        durationMs,
      },
    ),
  );
  events.on('nodeDownUnpublished', ({ nodeId, reason }) =>
    logger.warn('node-down fact not published; a later failed cycle publishes it', { node: nodeId, reason }),
  );
  events.on('publishResumed', ({ nodeId }) =>
    logger.info('publishing to Kafka works again', { node: nodeId }),
  );
  events.on('circuit', ({ nodeId, from, to }) =>
    logger.warn('circuit breaker changed', { node: nodeId, from, to }),
  );
  events.on('nodeStatus', ({ nodeId, status }) => logger.info(`node is ${status}`, { node: nodeId, status }));
  events.on('snapshotFailed', ({ nodeId, kind, reason }) =>
    logger.warn('snapshot failed', { node: nodeId, kind, reason }),
  );
  events.on('truncated', ({ nodeId, stream }) =>
    logger.info('stream has more rows than one cycle reads; continuing next cycle', { node: nodeId, stream }),
  );
}
