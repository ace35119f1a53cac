import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { AppLogger } from '@flowpilot/shared';
import { LlmClientEvents, registerLlmClientMetrics } from '@flowpilot/shared/llm';
import { IncidentAnalysisEvents } from '../analysis/incident-analysis.events';
import { registerIncidentAnalysisMetrics } from '../analysis/incident-analysis.metrics';
import { IncidentLlmEvents } from '../llm/incident-llm.events';
import { registerIncidentLlmMetrics } from '../llm/incident-llm.metrics';

/**
 * Everything incident-ai observes, wired once: `flowpilot_incident_*` and `flowpilot_llm_*` metrics
 * and one log line per analysis. The services only emit events.
 */
@Injectable()
export class IncidentAiObservability {
  constructor(
    registry: Registry,
    logger: AppLogger,
    analyses: IncidentAnalysisEvents,
    llm: IncidentLlmEvents,
    llmClient: LlmClientEvents,
  ) {
    registerIncidentAnalysisMetrics(registry, analyses);
    registerIncidentLlmMetrics(registry, llm);
    registerLlmClientMetrics(registry, llmClient, 'flowpilot_llm');
    const log = logger.forContext('IncidentAnalysis');
    analyses.on('analyzed', (e) => log.info('incident analysed', e));
  }
}
