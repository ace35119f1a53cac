import { z } from 'zod';

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
