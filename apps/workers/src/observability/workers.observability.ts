import { Injectable } from '@nestjs/common';
import { AppLogger } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import { FareDecisionEvents } from '../fare-rules/fare-decision.events';
import { WorkerEvents } from '../runtime/worker.events';
import { registerFareDecisionMetrics } from './fare-decision.metrics';
import { subscribeFareAudit, subscribeWorkerLogs } from './worker-log.subscriber';
import { registerWorkerMetrics } from './worker.metrics';

/** The one place the workers' metrics and log lines are subscribed to their lifecycle events. */
@Injectable()
export class WorkersObservability {
  constructor(
    registry: Registry,
    worker: WorkerEvents,
    fareDecisions: FareDecisionEvents,
    logger: AppLogger,
  ) {
    registerWorkerMetrics(registry, worker);
    registerFareDecisionMetrics(registry, fareDecisions);
    subscribeWorkerLogs(logger.forContext('WorkerRuntime'), worker);
    subscribeFareAudit(logger.forContext('FareRulesAudit'), fareDecisions);
  }
}
