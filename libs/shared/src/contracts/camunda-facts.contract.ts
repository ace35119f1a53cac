import { z } from 'zod';
import { EngineFlavourSchema } from './engine-flavour';

/** Facts the collector reads off a Camunda 7 node and publishes once each. */

const id = z.string().min(1).max(64);
const isoDate = z.iso.datetime({ offset: true });

export const IncidentOpenedSchema = z.object({
  incidentId: id,
  incidentType: z.string().min(1).max(100),
  message: z.string().max(8_000).nullable(),
  activityId: z.string().max(255).nullable(),
  failedActivityId: z.string().max(255).nullable(),
  processDefinitionId: z.string().max(255).nullable(),
  processDefinitionKey: z.string().max(255).nullable(),
  processInstanceId: z.string().max(64).nullable(),
  executionId: z.string().max(64).nullable(),
  /** The failed job id (failedJob) or external task id (failedExternalTask). */
  jobId: z.string().max(64).nullable(),
  externalTaskId: z.string().max(64).nullable(),
  causeIncidentId: z.string().max(64).nullable(),
  rootCauseIncidentId: z.string().max(64).nullable(),
  tenantId: z.string().max(64).nullable(),
  createdAt: isoDate,
  /** Job stack trace or external task error details, truncated; null when the engine has none. */
  stackTrace: z.string().max(16_000).nullable(),
});
export type IncidentOpened = z.infer<typeof IncidentOpenedSchema>;

export const IncidentResolvedSchema = z.object({
  incidentId: id,
  incidentType: z.string().min(1).max(100),
  processDefinitionKey: z.string().max(255).nullable(),
  processInstanceId: z.string().max(64).nullable(),
  activityId: z.string().max(255).nullable(),
  /** `resolved` when the incident was fixed, `deleted` when its instance was removed. */
  resolution: z.enum(['resolved', 'deleted']),
  createdAt: isoDate,
  endedAt: isoDate,
});
export type IncidentResolved = z.infer<typeof IncidentResolvedSchema>;

export const NodeStatusSchema = z.object({
  nodeName: z.string().min(1).max(100),
  url: z.string().max(500),
  status: z.enum(['up', 'down']),
  previousStatus: z.enum(['up', 'down', 'unknown']),
  restLatencyMs: z.number().nonnegative().nullable(),
  reason: z.string().max(1_000).nullable(),
  engineVersion: z.string().max(50).nullable(),
});
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const ProcessInstanceStartedSchema = z.object({
  processInstanceId: id,
  processDefinitionId: z.string().max(255),
  processDefinitionKey: z.string().max(255),
  businessKey: z.string().max(255).nullable(),
  startedAt: isoDate,
});
export type ProcessInstanceStarted = z.infer<typeof ProcessInstanceStartedSchema>;

export const ProcessInstanceCompletedSchema = z.object({
  processInstanceId: id,
  processDefinitionId: z.string().max(255),
  processDefinitionKey: z.string().max(255),
  businessKey: z.string().max(255).nullable(),
  state: z.string().max(50),
  startedAt: isoDate,
  endedAt: isoDate,
  durationMs: z.number().nonnegative(),
});
export type ProcessInstanceCompleted = z.infer<typeof ProcessInstanceCompletedSchema>;

export const ActivityCompletedSchema = z.object({
  activityInstanceId: id,
  activityId: z.string().max(255),
  activityName: z.string().max(255).nullable(),
  /** BPMN element type as Camunda names it: serviceTask, userTask, exclusiveGateway, … */
  activityType: z.string().max(255),
  processDefinitionId: z.string().max(255),
  processDefinitionKey: z.string().max(255),
  processInstanceId: z.string().max(64),
  executionId: z.string().max(64).nullable(),
  assignee: z.string().max(255).nullable(),
  /** True when the activity was cancelled (boundary event, instance deleted) instead of completing. */
  canceled: z.boolean(),
  startedAt: isoDate,
  endedAt: isoDate,
  durationMs: z.number().nonnegative(),
});
export type ActivityCompleted = z.infer<typeof ActivityCompletedSchema>;

const userTaskFields = {
  taskId: id,
  name: z.string().max(255).nullable(),
  taskDefinitionKey: z.string().max(255).nullable(),
  processDefinitionId: z.string().max(255).nullable(),
  processDefinitionKey: z.string().max(255).nullable(),
  processInstanceId: z.string().max(64).nullable(),
  assignee: z.string().max(255).nullable(),
  /** Candidate groups and users as linked when the fact was read. */
  candidateGroups: z.array(z.string().max(255)).max(100),
  candidateUsers: z.array(z.string().max(255)).max(100),
  priority: z.number().int(),
  dueDate: isoDate.nullable(),
  createdAt: isoDate,
};

export const UserTaskCreatedSchema = z.object(userTaskFields);
export type UserTaskCreated = z.infer<typeof UserTaskCreatedSchema>;

export const UserTaskCompletedSchema = z.object({
  ...userTaskFields,
  endedAt: isoDate,
  /** Time from creation to completion (the task's age when it was done). */
  ageMs: z.number().nonnegative(),
  /** `completed` when a user finished it, `deleted` when it was cancelled with its scope. */
  outcome: z.enum(['completed', 'deleted']),
  deleteReason: z.string().max(255).nullable(),
});
export type UserTaskCompleted = z.infer<typeof UserTaskCompletedSchema>;

/** One failed execution of a job (each failure is its own fact, so failure rates can be computed). */
export const JobFailedSchema = z.object({
  /** The job-log entry of this failure: unique per failure. */
  failureId: id,
  jobId: z.string().max(64),
  jobDefinitionId: z.string().max(64).nullable(),
  /** async-continuation, timer-transition, … */
  jobType: z.string().max(255).nullable(),
  activityId: z.string().max(255).nullable(),
  failedActivityId: z.string().max(255).nullable(),
  processDefinitionId: z.string().max(255).nullable(),
  processDefinitionKey: z.string().max(255).nullable(),
  processInstanceId: z.string().max(64).nullable(),
  /** Retries the job has left after this failure; 0 means an incident was raised. */
  retriesLeft: z.number().int().nonnegative(),
  exceptionMessage: z.string().max(8_000).nullable(),
  failedAt: isoDate,
});
export type JobFailed = z.infer<typeof JobFailedSchema>;

const backlogCounts = {
  /** Waiting to be fetched: not locked, retries left, not suspended. */
  open: z.number().int().nonnegative(),
  /** Fetched by a worker and still locked. */
  locked: z.number().int().nonnegative(),
  /** Retries exhausted (an incident is open for each). */
  withoutRetries: z.number().int().nonnegative(),
};

/** External-task backlog of one node, published when it changes and at least every SNAPSHOT_INTERVAL_MS. */
export const ExternalTaskBacklogSchema = z.object({
  observedAt: isoDate,
  topics: z
    .array(
      z.object({ topicName: z.string().max(255), ...backlogCounts, oldestOpenCreatedAt: isoDate.nullable() }),
    )
    .max(1_000),
  totals: z.object(backlogCounts),
});
export type ExternalTaskBacklog = z.infer<typeof ExternalTaskBacklogSchema>;

/**
 * Engine metrics (Camunda's meter log) of one fixed window [windowStart, windowEnd) of a node; windows follow
 * each other without gap or overlap. The engine flushes its meter log periodically (15 min by default), so
 * values land in the window of the flush.
 */
export const EngineMetricsSchema = z.object({
  windowStart: isoDate,
  windowEnd: isoDate,
  /** Sums per metric name (activity-instance-start, job-successful, job-failed, root-process-instance-start, …). */
  metrics: z.array(z.object({ name: z.string().max(255), value: z.number() })).max(500),
});
export type EngineMetrics = z.infer<typeof EngineMetricsSchema>;

/** The engine version a node reports; published when first seen and when it changes. */
export const EngineVersionSchema = z.object({
  version: z.string().max(50),
  previousVersion: z.string().max(50).nullable(),
  observedAt: isoDate,
  /** Camunda 7, Operaton or CIB seven; absent from collectors that predate flavour detection. */
  flavour: EngineFlavourSchema.optional(),
  /** The product name the engine reports (`/telemetry/data`), e.g. "Operaton BPM Runtime". */
  product: z.string().max(100).nullable().optional(),
  /** The newest ACT_GE_SCHEMA_LOG version (the database schema; forks keep or restart the 7.x numbering). */
  schemaVersion: z.string().max(50).nullable().optional(),
});
export type EngineVersion = z.infer<typeof EngineVersionSchema>;

/** A running instance without progress for STUCK_INSTANCE_DAYS; published once per stall. */
export const InstanceStuckSchema = z.object({
  processInstanceId: id,
  processDefinitionId: z.string().max(255),
  processDefinitionKey: z.string().max(255),
  businessKey: z.string().max(255).nullable(),
  startedAt: isoDate,
  lastProgressAt: isoDate,
  /** Activities the instance is waiting in. */
  waitingIn: z.array(z.string().max(255)).max(100),
  idleDays: z.number().nonnegative(),
  thresholdDays: z.number().int().positive(),
});
export type InstanceStuck = z.infer<typeof InstanceStuckSchema>;

/** Size of the engine's history and what is older than DB_ARCHIVE_THRESHOLD_DAYS, with cleanup advice. */
export const HistorySizeSchema = z.object({
  observedAt: isoDate,
  archiveThresholdDays: z.number().int().positive(),
  tables: z
    .array(
      z.object({
        table: z.string().max(100),
        rows: z.number().int().nonnegative(),
        /** Ended before the threshold (finished instances, closed tasks, old log entries). */
        rowsOlderThanThreshold: z.number().int().nonnegative(),
        bytes: z.number().int().nonnegative(),
      }),
    )
    .max(50),
  totalBytes: z.number().int().nonnegative(),
  /** Instances of definitions with no history time-to-live: history cleanup never removes them. */
  definitionsWithoutTtl: z.array(z.string().max(255)).max(500),
  advice: z.array(z.string().max(1_000)).max(20),
});
export type HistorySize = z.infer<typeof HistorySizeSchema>;

/** JVM figures scraped from a node's Micrometer (Prometheus format) endpoint. */
export const JvmMetricsSchema = z.object({
  observedAt: isoDate,
  heapUsedBytes: z.number().nonnegative().nullable(),
  heapMaxBytes: z.number().nonnegative().nullable(),
  nonHeapUsedBytes: z.number().nonnegative().nullable(),
  liveThreads: z.number().int().nonnegative().nullable(),
  gcPauseSecondsTotal: z.number().nonnegative().nullable(),
  processCpuUsage: z.number().nonnegative().nullable(),
  uptimeSeconds: z.number().nonnegative().nullable(),
});
export type JvmMetrics = z.infer<typeof JvmMetricsSchema>;
