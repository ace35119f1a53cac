import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { JudgementEvents } from './judgement.events';
import { registerJudgementMetrics } from './judgement.metrics';

/** The one place the analyzer's metrics are registered and subscribed to its judgement events. */
@Injectable()
export class AnalyzerObservability {
  constructor(registry: Registry, events: JudgementEvents) {
    registerJudgementMetrics(registry, events);
  }
}
