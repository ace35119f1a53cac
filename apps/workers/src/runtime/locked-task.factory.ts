import { FetchedExternalTask } from './external-task.types';
import { LockedTask } from './task-handler';
import { TaskVariables } from './typed-variables.util';

export function toLockedTask(raw: FetchedExternalTask): LockedTask {
  return {
    id: raw.id,
    topic: raw.topicName,
    processInstanceId: raw.processInstanceId ?? null,
    processDefinitionKey: raw.processDefinitionKey ?? null,
    activityId: raw.activityId ?? null,
    businessKey: raw.businessKey ?? null,
    priority: raw.priority ?? 0,
    retries: raw.retries ?? null,
    variables: new TaskVariables(raw.variables ?? {}),
    raw,
  };
}
