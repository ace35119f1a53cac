import { CamundaNodeConfig, CamundaRestClient } from '@flowpilot/shared';

export interface EngineDeployment {
  id: string;
  deployedProcessDefinitions: Record<string, { id: string; key: string; version: number }> | null;
}

export interface StartedInstance {
  id: string;
  ended: boolean;
}

export type Variables = Record<string, { value: string | number | boolean | null; type?: string }>;

/** The engine calls the generator needs: deploy, start (by definition or start message), remove a deployment. */
export class CamundaDeploymentApi {
  private readonly clients: Map<string, CamundaRestClient>;

  constructor(nodes: CamundaNodeConfig[], timeoutMs: number) {
    this.clients = new Map(nodes.map((node) => [node.name, new CamundaRestClient(node, timeoutMs)]));
  }

  get nodeNames(): string[] {
    return [...this.clients.keys()];
  }

  knows(node: string): boolean {
    return this.clients.has(node);
  }

  /** `POST /deployment/create` with the model as its only resource. */
  deploy(node: string, deploymentName: string, fileName: string, xml: string): Promise<EngineDeployment> {
    const form = new FormData();
    form.set('deployment-name', deploymentName);
    form.set('deployment-source', 'flowpilot-bpmn-generator');
    form.set('enable-duplicate-filtering', 'false');
    form.set(fileName, new Blob([xml], { type: 'application/xml' }), fileName);
    return this.client(node).post<EngineDeployment>('/deployment/create', { form });
  }

  startByDefinition(
    node: string,
    definitionId: string,
    variables: Variables,
    businessKey?: string,
  ): Promise<StartedInstance> {
    return this.client(node).post<StartedInstance>(
      `/process-definition/${encodeURIComponent(definitionId)}/start`,
      {
        body: { variables, ...(businessKey ? { businessKey } : {}) },
      },
    );
  }

  /** Processes with a message start event are started by correlating that message. */
  async startByMessage(
    node: string,
    messageName: string,
    variables: Variables,
    businessKey?: string,
  ): Promise<StartedInstance> {
    const results = await this.client(node).post<
      { resultType: string; processInstance: StartedInstance | null }[]
    >('/message', {
      body: {
        messageName,
        processVariables: variables,
        resultEnabled: true,
        all: false,
        ...(businessKey ? { businessKey } : {}),
      },
    });
    const instance = results[0]?.processInstance;
    if (!instance) throw new Error(`message ${messageName} started no process instance`);
    return instance;
  }

  async deleteDeployment(node: string, deploymentId: string): Promise<void> {
    await this.client(node).request('DELETE', `/deployment/${encodeURIComponent(deploymentId)}`, {
      query: { cascade: true },
    });
  }

  private client(node: string): CamundaRestClient {
    const client = this.clients.get(node);
    if (!client) throw new Error(`Camunda node "${node}" is not configured`);
    return client;
  }
}
