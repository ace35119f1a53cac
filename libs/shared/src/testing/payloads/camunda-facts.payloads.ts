import type {
  ActivityCompleted,
  EngineMetrics,
  EngineVersion,
  ExternalTaskBacklog,
  HistorySize,
  IncidentOpened,
  IncidentResolved,
  InstanceStuck,
  JobFailed,
  JvmMetrics,
  NodeStatus,
  ProcessInstanceCompleted,
  ProcessInstanceStarted,
  UserTaskCompleted,
  UserTaskCreated,
} from '../../contracts/camunda-facts.contract';
import { AT, LATER } from './payload-instants';

/** The collector's facts (`camunda.*.v1`): one valid payload per topic, fields replaced by `overrides`. */

export const incidentOpened = (overrides: Partial<IncidentOpened> = {}): IncidentOpened => ({
  incidentId: 'incident-1',
  incidentType: 'failedJob',
  message: 'Unknown property used in expression: ${orderTotal}',
  activityId: 'charge',
  failedActivityId: 'charge',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  processInstanceId: 'instance-1',
  executionId: 'execution-1',
  jobId: 'job-1',
  externalTaskId: null,
  causeIncidentId: 'incident-1',
  rootCauseIncidentId: 'incident-1',
  tenantId: null,
  createdAt: AT,
  stackTrace: null,
  ...overrides,
});

export const incidentResolved = (overrides: Partial<IncidentResolved> = {}): IncidentResolved => ({
  incidentId: 'incident-1',
  incidentType: 'failedJob',
  processDefinitionKey: 'order',
  processInstanceId: 'instance-1',
  activityId: 'charge',
  resolution: 'resolved',
  createdAt: AT,
  endedAt: LATER,
  ...overrides,
});

export const nodeStatus = (overrides: Partial<NodeStatus> = {}): NodeStatus => ({
  nodeName: 'node1',
  url: 'http://127.0.0.1:8080/engine-rest',
  status: 'up',
  previousStatus: 'unknown',
  restLatencyMs: 12,
  reason: null,
  engineVersion: '7.24.0',
  ...overrides,
});

export const processStarted = (overrides: Partial<ProcessInstanceStarted> = {}): ProcessInstanceStarted => ({
  processInstanceId: 'instance-1',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  businessKey: null,
  startedAt: AT,
  ...overrides,
});

export const processCompleted = (
  overrides: Partial<ProcessInstanceCompleted> = {},
): ProcessInstanceCompleted => ({
  processInstanceId: 'instance-1',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  businessKey: null,
  state: 'COMPLETED',
  startedAt: AT,
  endedAt: LATER,
  durationMs: 60_000,
  ...overrides,
});

export const activityCompleted = (overrides: Partial<ActivityCompleted> = {}): ActivityCompleted => ({
  activityInstanceId: 'charge:activity-1',
  activityId: 'charge',
  activityName: 'Charge',
  activityType: 'serviceTask',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  processInstanceId: 'instance-1',
  executionId: 'execution-1',
  assignee: null,
  canceled: false,
  startedAt: AT,
  endedAt: LATER,
  durationMs: 60_000,
  ...overrides,
});

export const userTaskCreated = (overrides: Partial<UserTaskCreated> = {}): UserTaskCreated => ({
  taskId: 'task-1',
  name: 'Approve',
  taskDefinitionKey: 'approve',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  processInstanceId: 'instance-1',
  assignee: null,
  candidateGroups: ['ops'],
  candidateUsers: [],
  priority: 50,
  dueDate: null,
  createdAt: AT,
  ...overrides,
});

export const userTaskCompleted = (overrides: Partial<UserTaskCompleted> = {}): UserTaskCompleted => ({
  ...userTaskCreated(),
  assignee: 'demo',
  endedAt: LATER,
  ageMs: 60_000,
  outcome: 'completed',
  deleteReason: null,
  ...overrides,
});

export const jobFailed = (overrides: Partial<JobFailed> = {}): JobFailed => ({
  failureId: 'job-log-1',
  jobId: 'job-1',
  jobDefinitionId: 'job-definition-1',
  jobType: 'async-continuation',
  activityId: 'charge',
  failedActivityId: 'charge',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  processInstanceId: 'instance-1',
  retriesLeft: 2,
  exceptionMessage: 'Connection refused',
  failedAt: AT,
  ...overrides,
});

export const externalTaskBacklog = (overrides: Partial<ExternalTaskBacklog> = {}): ExternalTaskBacklog => ({
  observedAt: AT,
  topics: [{ topicName: 'charge-card', open: 3, locked: 1, withoutRetries: 0, oldestOpenCreatedAt: AT }],
  totals: { open: 3, locked: 1, withoutRetries: 0 },
  ...overrides,
});

export const engineMetrics = (overrides: Partial<EngineMetrics> = {}): EngineMetrics => ({
  windowStart: AT,
  windowEnd: LATER,
  metrics: [{ name: 'activity-instance-start', value: 42 }],
  ...overrides,
});

export const engineVersion = (overrides: Partial<EngineVersion> = {}): EngineVersion => ({
  version: '7.24.0',
  previousVersion: null,
  observedAt: AT,
  flavour: 'camunda7',
  product: 'Camunda BPM Runtime',
  schemaVersion: '7.24.0',
  ...overrides,
});

export const instanceStuck = (overrides: Partial<InstanceStuck> = {}): InstanceStuck => ({
  processInstanceId: 'instance-1',
  processDefinitionId: 'order:1:def-1',
  processDefinitionKey: 'order',
  businessKey: null,
  startedAt: AT,
  lastProgressAt: AT,
  waitingIn: ['approve'],
  idleDays: 8,
  thresholdDays: 7,
  ...overrides,
});

export const historySize = (overrides: Partial<HistorySize> = {}): HistorySize => ({
  observedAt: AT,
  archiveThresholdDays: 90,
  tables: [{ table: 'act_hi_actinst', rows: 1_000, rowsOlderThanThreshold: 100, bytes: 65_536 }],
  totalBytes: 65_536,
  definitionsWithoutTtl: [],
  advice: [],
  ...overrides,
});

export const jvmMetrics = (overrides: Partial<JvmMetrics> = {}): JvmMetrics => ({
  observedAt: AT,
  heapUsedBytes: 268_435_456,
  heapMaxBytes: 1_073_741_824,
  nonHeapUsedBytes: 134_217_728,
  liveThreads: 40,
  gcPauseSecondsTotal: 1.5,
  processCpuUsage: 0.2,
  uptimeSeconds: 3_600,
  ...overrides,
});
