import type { IncidentAnalyzed, IncidentPattern } from '../../contracts/incident-analysis.contract';
import { AT, LATER } from './payload-instants';

/** incident-ai's analysis of one incident and the patterns incidents fall into, fields replaced by `overrides`. */

export const incidentAnalyzed = (overrides: Partial<IncidentAnalyzed> = {}): IncidentAnalyzed => ({
  incidentId: 'incident-1',
  incidentType: 'failedJob',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  processInstanceId: 'instance-1',
  activityId: 'charge',
  activityType: 'serviceTask',
  jobId: 'job-1',
  externalTaskId: null,
  message: 'Unknown property used in expression: ${orderTotal}',
  family: 'missing-variable',
  rootCause: 'The expression reads the variable orderTotal, which the instance does not have.',
  fixSteps: ['Set orderTotal on the instance.', 'Retry the job.'],
  snippet: null,
  confidence: 0.9,
  evidence: [{ source: 'message', excerpt: 'Unknown property used in expression', detail: null }],
  pattern: { signature: 'Unknown property used in expression: ${<var>}', id: 'pattern-1', occurrences: 1 },
  remediation: {
    action: 'set-variable',
    retries: 1,
    variables: { orderTotal: { value: null, type: 'Double', valueRequired: true } },
    rationale: 'The job succeeds once the variable exists.',
  },
  llm: { used: false, model: null, note: 'rules only' },
  analyzedAt: LATER,
  ...overrides,
});

export const incidentPattern = (overrides: Partial<IncidentPattern> = {}): IncidentPattern => ({
  patternId: 'pattern-1',
  signature: 'Unknown property used in expression: ${<var>}',
  family: 'missing-variable',
  incidentType: 'failedJob',
  count: 1,
  firstSeenAt: AT,
  lastSeenAt: AT,
  trend: 'new',
  recentCount: 1,
  previousCount: 0,
  trendWindowHours: 24,
  nodeIds: ['node1'],
  processDefinitionKeys: ['order'],
  lastIncidentId: 'incident-1',
  sampleMessage: 'Unknown property used in expression: ${orderTotal}',
  rootCause: 'The expression reads a variable the instance does not have.',
  confidence: 0.9,
  ...overrides,
});
