import { Injectable } from '@nestjs/common';
import { AppLogger, CamundaFleet, PipelineEvents } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import { logCollectorEvents } from './collector-log.subscriber';
import { CollectorEvents } from './collector.events';
import { registerCollectorMetrics } from './collector.metrics';
import { registerExternalTaskBacklogMetrics } from './external-task-backlog.metrics';

/** The one place the collector's metrics and log subscribers are attached to its events. */
@Injectable()
export class CollectorObservability {
  constructor(
    registry: Registry,
    events: CollectorEvents,
    pipeline: PipelineEvents,
    fleet: CamundaFleet,
    logger: AppLogger,
  ) {
    registerCollectorMetrics(registry, events, fleet.nodeIds);
    registerExternalTaskBacklogMetrics(registry, pipeline);
    logCollectorEvents(events, logger.forContext('Collector'));
  }
}
