import { defineTopic } from './topic-definition';
import {
  IncidentOpenedSchema,
  IncidentResolvedSchema,
  NodeStatusSchema,
  ProcessInstanceCompletedSchema,
  ProcessInstanceStartedSchema,
} from './camunda-facts.contract';

/** Facts published by the collector. Do not rename without a new version: consumers subscribe by name. */
export const CAMUNDA_FACT_TOPICS = {
  'camunda.incident.opened.v1': defineTopic({
    schema: IncidentOpenedSchema,
    key: (p, nodeId) => `${nodeId}:${p.incidentId}`,
    partitions: 3,
    retentionDays: 30,
    description: 'An incident appeared on a Camunda node.',
  }),
  'camunda.incident.resolved.v1': defineTopic({
    schema: IncidentResolvedSchema,
    key: (p, nodeId) => `${nodeId}:${p.incidentId}`,
    partitions: 3,
    retentionDays: 30,
    description: 'An incident was resolved or deleted on a Camunda node.',
  }),
  'camunda.node.status.v1': defineTopic({
    schema: NodeStatusSchema,
    key: (p) => p.nodeName,
    partitions: 1,
    retentionDays: 30,
    description: 'A Camunda node went up or down (published on transitions).',
  }),
  'camunda.process.started.v1': defineTopic({
    schema: ProcessInstanceStartedSchema,
    key: (p, nodeId) => `${nodeId}:${p.processInstanceId}`,
    partitions: 3,
    retentionDays: 30,
    description: 'A process instance started.',
  }),
  'camunda.process.completed.v1': defineTopic({
    schema: ProcessInstanceCompletedSchema,
    key: (p, nodeId) => `${nodeId}:${p.processInstanceId}`,
    partitions: 3,
    retentionDays: 30,
    description: 'A process instance ended, with its duration.',
  }),
} as const;
