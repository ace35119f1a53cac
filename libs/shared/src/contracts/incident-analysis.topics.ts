import { defineTopic } from './topic-definition';
import { IncidentAnalyzedSchema, IncidentPatternSchema } from './incident-analysis.contract';

/** Published by incident-ai. Do not rename without a new version: the gateway subscribes by name. */
export const INCIDENT_ANALYSIS_TOPICS = {
  'incident.analysis.v1': defineTopic({
    schema: IncidentAnalyzedSchema,
    key: (p, nodeId) => `${nodeId}:${p.incidentId}`,
    partitions: 3,
    retentionDays: 30,
    description: 'Root cause, fix, snippet and remediation for one incident.',
  }),
  'incident.pattern.v1': defineTopic({
    schema: IncidentPatternSchema,
    key: (p) => p.patternId,
    partitions: 3,
    retentionDays: 30,
    description:
      'The current state of one incident pattern (count, first/last seen, trend), after each new occurrence.',
  }),
} as const;
