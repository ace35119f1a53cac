import { Injectable } from '@nestjs/common';
import { PipelineEvents } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import { JudgementEvents } from './judgement.events';
import { registerJudgementMetrics } from './judgement.metrics';
import { registerOpenIncidentsMetrics } from './open-incidents.metrics';

/** The one place the analyzer's metrics are registered and subscribed to its events. */
@Injectable()
export class AnalyzerObservability {
  constructor(registry: Registry, events: JudgementEvents, pipeline: PipelineEvents) {
    registerJudgementMetrics(registry, events);
    registerOpenIncidentsMetrics(registry, pipeline);
  }
}
