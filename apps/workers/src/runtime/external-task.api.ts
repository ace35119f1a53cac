import { Inject, Injectable } from '@nestjs/common';
import { CamundaFleet, CamundaRestClient } from '@flowpilot/shared';
import { CamundaWorkerSettings } from '../workers.settings';
import {
  BpmnErrorReport,
  CamundaVariables,
  FailureReport,
  FetchAndLockRequest,
  FetchedExternalTask,
} from './external-task.types';

/** The external-task endpoints of the worker's Camunda node, for its worker id. */
@Injectable()
export class ExternalTaskApi {
  private readonly client: CamundaRestClient;
  readonly workerId: string;
  /** Added to the long-polling wait to get the HTTP timeout of a fetch. */
  private readonly requestTimeoutMs: number;

  constructor(@Inject(CamundaFleet) fleet: Pick<CamundaFleet, 'client'>, settings: CamundaWorkerSettings) {
    this.client = fleet.client(settings.nodeId);
    this.workerId = settings.workerId;
    this.requestTimeoutMs = settings.requestTimeoutMs;
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

/** What the runtime uses of the API; tests give it a fake of this shape. */
export type TaskApi = Pick<
  ExternalTaskApi,
  'fetchAndLock' | 'complete' | 'handleFailure' | 'handleBpmnError' | 'extendLock' | 'unlock'
>;
