import { CamundaNodeConfig, CamundaRestClient } from '@flowpilot/shared';

/** The engine calls incident-ai needs: the deployed model and the full failure details. */
export class CamundaEngineApi {
  private readonly clients: Map<string, CamundaRestClient>;

  constructor(nodes: CamundaNodeConfig[], timeoutMs: number) {
    this.clients = new Map(nodes.map((node) => [node.name, new CamundaRestClient(node, timeoutMs)]));
  }

  knows(nodeId: string | null): nodeId is string {
    return nodeId !== null && this.clients.has(nodeId);
  }

  async definitionXml(nodeId: string, definitionId: string): Promise<string> {
    const body = await this.client(nodeId).get<{ bpmn20Xml: string }>(
      `/process-definition/${encodeURIComponent(definitionId)}/xml`,
    );
    return body.bpmn20Xml;
  }

  /** Null when the job holds no stack trace. */
  async jobStackTrace(nodeId: string, jobId: string): Promise<string | null> {
    const text = await this.client(nodeId).get<string | undefined>(
      `/job/${encodeURIComponent(jobId)}/stacktrace`,
      { text: true },
    );
    return text || null;
  }

  /**
   * Null when the worker reported the failure without details: the engine then
   * answers 204 with no body, a normal case (`handleFailure` without `errorDetails`).
   */
  async externalTaskErrorDetails(nodeId: string, externalTaskId: string): Promise<string | null> {
    const text = await this.client(nodeId).get<string | undefined>(
      `/external-task/${encodeURIComponent(externalTaskId)}/errorDetails`,
      { text: true },
    );
    return text || null;
  }

  private client(nodeId: string): CamundaRestClient {
    const client = this.clients.get(nodeId);
    if (!client) throw new Error(`Camunda node "${nodeId}" is not configured (CAMUNDA_NODE_<n>_NAME)`);
    return client;
  }
}
