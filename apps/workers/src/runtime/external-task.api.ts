import { CamundaRestClient } from '@flowpilot/shared';
import {
  BpmnErrorReport,
  CamundaVariables,
  FailureReport,
  FetchAndLockRequest,
  FetchedExternalTask,
} from './external-task.types';

/** The external-task endpoints of one Camunda node, for one worker id. */
export class ExternalTaskApi {
  constructor(
    private readonly client: CamundaRestClient,
    readonly workerId: string,
    /** Added to the long-polling wait to get the HTTP timeout of a fetch. */
    private readonly requestTimeoutMs: number,
  ) {}

  get nodeName(): string {
    return this.client.node.name;
  }

  fetchAndLock(request: Omit<FetchAndLockRequest, 'workerId'>): Promise<FetchedExternalTask[]> {
    return this.client.post<FetchedExternalTask[]>('/external-task/fetchAndLock', {
      body: { workerId: this.workerId, ...request },
      timeoutMs: (request.asyncResponseTimeout ?? 0) + this.requestTimeoutMs,
    });
  }

  complete(taskId: string, variables: CamundaVariables, localVariables?: CamundaVariables): Promise<void> {
    return this.client.post<void>(`/external-task/${encodeURIComponent(taskId)}/complete`, {
      body: { workerId: this.workerId, variables, localVariables },
    });
  }

  handleFailure(taskId: string, report: FailureReport): Promise<void> {
    return this.client.post<void>(`/external-task/${encodeURIComponent(taskId)}/failure`, {
      body: { workerId: this.workerId, ...report },
    });
  }

  handleBpmnError(taskId: string, report: BpmnErrorReport): Promise<void> {
    return this.client.post<void>(`/external-task/${encodeURIComponent(taskId)}/bpmnError`, {
      body: { workerId: this.workerId, ...report },
    });
  }

  extendLock(taskId: string, newDuration: number): Promise<void> {
    return this.client.post<void>(`/external-task/${encodeURIComponent(taskId)}/extendLock`, {
      body: { workerId: this.workerId, newDuration },
    });
  }

  unlock(taskId: string): Promise<void> {
    return this.client.post<void>(`/external-task/${encodeURIComponent(taskId)}/unlock`);
  }
}
