import { defineTopic } from './topic-definition';
import { WorkerTaskCompletedSchema, WorkerTaskFailedSchema } from './worker.contract';

/** Published by workers. Do not rename without a new version: consumers subscribe by name. */
export const WORKER_TOPICS = {
  'worker.task.completed.v1': defineTopic({
    schema: WorkerTaskCompletedSchema,
    key: (p, nodeId) => `${nodeId}:${p.processInstanceId ?? p.taskId}`,
    partitions: 3,
    retentionDays: 14,
    description: 'An external task a worker completed or ended with a BPMN error.',
  }),
  'worker.task.failed.v1': defineTopic({
    schema: WorkerTaskFailedSchema,
    key: (p, nodeId) => `${nodeId}:${p.processInstanceId ?? p.taskId}`,
    partitions: 3,
    retentionDays: 30,
    description: 'An external task a worker reported as failed (retries left, or an incident).',
  }),
} as const;
