import { z } from 'zod';

/**
 * What the workers report about each external task they finish. Variable
 * values are not carried (they can hold personal data); only their names.
 */

const TaskIdentitySchema = z.object({
  taskId: z.string().min(1).max(64),
  topic: z.string().min(1).max(255),
  workerId: z.string().min(1).max(255),
  processInstanceId: z.string().max(64).nullable(),
  processDefinitionKey: z.string().max(255).nullable(),
  activityId: z.string().max(255).nullable(),
  businessKey: z.string().max(255).nullable(),
  durationMs: z.number().nonnegative(),
});

export const WORKER_TASK_OUTCOMES = ['completed', 'bpmn-error'] as const;

export const WorkerTaskCompletedSchema = TaskIdentitySchema.extend({
  /** `bpmn-error`: the handler raised a BPMN error the process models (not a technical failure). */
  outcome: z.enum(WORKER_TASK_OUTCOMES),
  errorCode: z.string().max(255).nullable(),
  variableNames: z.array(z.string().max(255)).max(200),
  completedAt: z.iso.datetime({ offset: true }),
});
export type WorkerTaskCompleted = z.infer<typeof WorkerTaskCompletedSchema>;

export const WorkerTaskFailedSchema = TaskIdentitySchema.extend({
  errorMessage: z.string().max(1_000),
  /** Retries left after this failure; 0 means Camunda raised an incident. */
  retriesLeft: z.number().int().min(0),
  retryTimeoutMs: z.number().int().min(0),
  incident: z.boolean(),
  failedAt: z.iso.datetime({ offset: true }),
});
export type WorkerTaskFailed = z.infer<typeof WorkerTaskFailedSchema>;
