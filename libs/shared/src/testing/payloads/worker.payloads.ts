import type { WorkerTaskCompleted, WorkerTaskFailed } from '../../contracts/worker.contract';
import { AT } from './payload-instants';

/** What the workers report per external task (`worker.task.*.v1`), fields replaced by `overrides`. */

const task = {
  taskId: 'external-task-1',
  topic: 'charge-card',
  workerId: 'worker-1',
  processInstanceId: 'instance-1',
  processDefinitionKey: 'order',
  activityId: 'charge',
  businessKey: null,
  durationMs: 120,
};

export const workerTaskCompleted = (overrides: Partial<WorkerTaskCompleted> = {}): WorkerTaskCompleted => ({
  ...task,
  outcome: 'completed',
  errorCode: null,
  variableNames: ['chargeId'],
  completedAt: AT,
  ...overrides,
});

export const workerTaskFailed = (overrides: Partial<WorkerTaskFailed> = {}): WorkerTaskFailed => ({
  ...task,
  errorMessage: 'card declined',
  retriesLeft: 2,
  retryTimeoutMs: 1_000,
  incident: false,
  failedAt: AT,
  ...overrides,
});
