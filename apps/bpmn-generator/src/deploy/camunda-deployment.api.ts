import { Inject, Injectable } from '@nestjs/common';
import { CamundaFleet } from '@flowpilot/shared';

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
@Injectable()
export class CamundaDeploymentApi {
  constructor(
    @Inject(CamundaFleet) private readonly fleet: Pick<CamundaFleet, 'nodeIds' | 'knows' | 'client'>,
  ) {}

  get nodeIds(): string[] {
    return this.fleet.nodeIds;
  }

  knows(nodeId: string): boolean {
    return this.fleet.knows(nodeId);
  }

  /** `POST /deployment/create` with the model as its only resource. */
  deploy(nodeId: string, deploymentName: string, fileName: string, xml: string): Promise<EngineDeployment> {
    const form = new FormData();
    form.set('deployment-name', deploymentName);
    form.set('deployment-source', 'flowpilot-bpmn-generator');
    form.set('enable-duplicate-filtering', 'false');
    form.set(fileName, new Blob([xml], { type: 'application/xml' }), fileName);
    return this.fleet.client(nodeId).post<EngineDeployment>('/deployment/create', { form });
  }

  startByDefinition(
    nodeId: string,
    definitionId: string,
    variables: Variables,
    businessKey?: string,
  ): Promise<StartedInstance> {
    return this.fleet.client(nodeId).post<StartedInstance>(
      `/process-definition/${encodeURIComponent(definitionId)}/start`,
      {
        body: { variables, ...(businessKey ? { businessKey } : {}) },
      },
    );
  }

  /** Processes with a message start event are started by correlating that message. */
  async startByMessage(
    nodeId: string,
    messageName: string,
    variables: Variables,
    businessKey?: string,
  ): Promise<StartedInstance> {
    const results = await this.fleet.client(nodeId).post<
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

  async deleteDeployment(nodeId: string, deploymentId: string): Promise<void> {
    await this.fleet.client(nodeId).request('DELETE', `/deployment/${encodeURIComponent(deploymentId)}`, {
      query: { cascade: true },
    });
  }
}
