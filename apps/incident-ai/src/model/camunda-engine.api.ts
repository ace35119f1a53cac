import { Inject, Injectable } from '@nestjs/common';
import { CamundaFleet } from '@flowpilot/shared';

/** The engine calls incident-ai needs: the deployed model and the full failure details. */
@Injectable()
export class CamundaEngineApi {
  constructor(@Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'knows' | 'client'>) {}

  knows(nodeId: string | null): nodeId is string {
    return this.fleet.knows(nodeId);
  }

  async definitionXml(nodeId: string, definitionId: string): Promise<string> {
    const body = await this.fleet
      .client(nodeId)
      .get<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(definitionId)}/xml`);
    return body.bpmn20Xml;
  }

  /** Null when the job holds no stack trace. */
  async jobStackTrace(nodeId: string, jobId: string): Promise<string | null> {
    const text = await this.fleet
      .client(nodeId)
      .get<string | undefined>(`/job/${encodeURIComponent(jobId)}/stacktrace`, { text: true });
    return text || null;
  }

  /**
   * Null when the worker reported the failure without details: the engine then
   * answers 204 with no body, a normal case (`handleFailure` without `errorDetails`).
   */
  async externalTaskErrorDetails(nodeId: string, externalTaskId: string): Promise<string | null> {
    const text = await this.fleet
      .client(nodeId)
      .get<string | undefined>(`/external-task/${encodeURIComponent(externalTaskId)}/errorDetails`, {
        text: true,
      });
    return text || null;
  }
}
