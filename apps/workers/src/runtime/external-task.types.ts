/** Shapes of Camunda 7's external-task REST API, as far as the runtime uses them. */

export interface CamundaTypedValue {
  type: string;
  value: unknown;
  valueInfo?: Record<string, unknown>;
}

export type CamundaVariables = Record<string, CamundaTypedValue>;

/** One element of the `POST /external-task/fetchAndLock` answer. */
export interface FetchedExternalTask {
  id: string;
  topicName: string;
  workerId: string;
  activityId: string | null;
  activityInstanceId: string | null;
  executionId: string | null;
  processInstanceId: string | null;
  processDefinitionId: string | null;
  processDefinitionKey: string | null;
  businessKey: string | null;
  priority: number;
  retries: number | null;
  lockExpirationTime: string | null;
  createTime?: string | null;
  variables?: CamundaVariables;
}

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  variables?: string[];
  localVariables?: boolean;
}

export interface FetchAndLockRequest {
  workerId: string;
  maxTasks: number;
  usePriority: boolean;
  asyncResponseTimeout?: number;
  topics: FetchTopic[];
}

export interface FailureReport {
  errorMessage: string;
  errorDetails?: string;
  retries: number;
  retryTimeout: number;
}

export interface BpmnErrorReport {
  errorCode: string;
  errorMessage?: string;
  variables?: CamundaVariables;
}
