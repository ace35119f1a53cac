import { FetchedExternalTask } from './external-task.types';
import { OutputVariables, TaskVariables } from './typed-variables.util';

/** A fetched, locked task as handlers see it. */
export interface LockedTask {
  readonly id: string;
  readonly topic: string;
  readonly processInstanceId: string | null;
  readonly processDefinitionKey: string | null;
  readonly activityId: string | null;
  readonly businessKey: string | null;
  readonly priority: number;
  readonly retries: number | null;
  readonly variables: TaskVariables;
  readonly raw: FetchedExternalTask;
}

/**
 * What a handler decided. A thrown error is a technical failure: it is
 * reported with decreasing retries and an exponential-backoff retryTimeout.
 */
export type TaskOutcome =
  | { kind: 'complete'; variables: OutputVariables; localVariables?: OutputVariables }
  | { kind: 'bpmn-error'; code: string; message: string; variables: OutputVariables }
  /** A failure the handler knows will not heal by itself: no retries, Camunda raises an incident. */
  | { kind: 'incident'; message: string; details?: string };

export const complete = (variables: OutputVariables = {}, localVariables?: OutputVariables): TaskOutcome => ({
  kind: 'complete',
  variables,
  localVariables,
});

export const bpmnError = (code: string, message: string, variables: OutputVariables = {}): TaskOutcome => ({
  kind: 'bpmn-error',
  code,
  message,
  variables,
});

export const incident = (message: string, details?: string): TaskOutcome => ({
  kind: 'incident',
  message,
  details,
});

export interface TaskHandler {
  readonly topic: string;
  /** Variables to fetch with the task; every variable when omitted. */
  readonly variables?: string[];
  /** Overrides the runtime's lock duration for this topic. */
  readonly lockDuration?: number;
  /** Overrides the runtime's per-topic concurrency for this topic. */
  readonly concurrency?: number;
  handle(task: LockedTask): Promise<TaskOutcome>;
}
