import { Counter, Histogram, Registry } from 'prom-client';
import { IncidentAnalysisEvents } from './incident-analysis.events';

/** `flowpilot_incident_*`: analyses per family and source, their confidence and duration. */
export function registerIncidentAnalysisMetrics(registry: Registry, events: IncidentAnalysisEvents): void {
  const analyses = new Counter({
    name: 'flowpilot_incident_analyses_total',
    help: 'Incidents analysed, per family and source (rules, llm).',
    labelNames: ['family', 'source'],
    registers: [registry],
  });
  const confidence = new Histogram({
    name: 'flowpilot_incident_analysis_confidence',
    help: 'Confidence of published analyses.',
    labelNames: ['source'],
    buckets: [0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'flowpilot_incident_analysis_seconds',
    help: 'Time to analyse one incident (model fetch, rules, LLM, publish).',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 20, 60],
    registers: [registry],
  });
  events.on('analyzed', (e) => {
    analyses.inc({ family: e.family, source: e.source });
    confidence.observe({ source: e.source }, e.confidence);
    duration.observe(e.durationMs / 1000);
  });
}
