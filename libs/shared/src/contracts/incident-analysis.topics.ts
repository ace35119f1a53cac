import { defineTopic } from './topic-definition';
import { IncidentAnalyzedSchema } from './incident-analysis.contract';

/** Published by incident-ai. */
export const INCIDENT_ANALYSIS_TOPICS = {
  'incident.analysis.v1': defineTopic({
    schema: IncidentAnalyzedSchema,
    key: (p, nodeId) => `${nodeId}:${p.incidentId}`,
    partitions: 3,
    retentionDays: 30,
    description: 'Root cause, fix, snippet and remediation for one incident.',
  }),
} as const;
