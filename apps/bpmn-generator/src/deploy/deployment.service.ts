import { Inject, Injectable } from '@nestjs/common';
import {
  BpmnCommand,
  CamundaRestError,
  Clock,
  DeployResult,
  ReplyFailure,
  TransientError,
} from '@flowpilot/shared';
import { ModelRepository } from '../knowledge/model.repository';
import { notFound } from '../knowledge/model-not-found.util';
import { CamundaDeploymentApi, EngineDeployment, StartedInstance, Variables } from './camunda-deployment.api';

type DeployCommand = Extract<BpmnCommand, { type: 'deploy' }>;

/** Deploys stored models to a chosen node, optionally starts an instance, and asks engines for their verdict. */
@Injectable()
export class DeploymentService {
  constructor(
    @Inject(CamundaDeploymentApi)
    private readonly api: Pick<
      CamundaDeploymentApi,
      'nodeIds' | 'knows' | 'deploy' | 'startByDefinition' | 'startByMessage' | 'deleteDeployment'
    >,
    @Inject(ModelRepository) private readonly models: Pick<ModelRepository, 'graph' | 'recordDeployment'>,
    @Inject(Clock) private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async deploy(command: DeployCommand): Promise<DeployResult> {
    this.checkNode(command.node);
    const stored = await this.models.graph(command.modelId, command.version);
    if (!stored) throw notFound(command.modelId, command.version);
    const engine = await this.engineCall(command.node, () =>
      this.api.deploy(
        command.node,
        `flowpilot-${command.modelId}-v${stored.version}`,
        `${command.modelId}-v${stored.version}.bpmn`,
        stored.xml,
      ),
    );
    const definitions = Object.values(engine.deployedProcessDefinitions ?? {});
    const definition = definitions[0] ?? null;
    let instance: StartedInstance | null = null;
    if (command.startInstance) {
      if (!definition)
        throw new ReplyFailure('engine-rejected', 'the deployment contains no process definition to start', {
          deploymentId: engine.id,
        });
      const variables: Variables = command.variables ?? {};
      const start = stored.graph?.nodes.find((n) => n.kind === 'start');
      const message =
        start?.kind === 'start' && start.trigger.type === 'message' ? start.trigger.message : null;
      instance = await this.engineCall(command.node, () =>
        message
          ? this.api.startByMessage(command.node, message, variables, command.businessKey)
          : this.api.startByDefinition(command.node, definition.id, variables, command.businessKey),
      );
    }
    const deployment = {
      node: command.node,
      deploymentId: engine.id,
      processDefinitionId: definition?.id ?? null,
      processDefinitionKey: definition?.key ?? null,
      engineVersion: definition?.version ?? null,
      deployedAt: this.clock.now().toISOString(),
      instanceId: instance?.id ?? null,
    };
    await this.models.recordDeployment(command.modelId, stored.version, deployment);
    return {
      modelId: command.modelId,
      version: stored.version,
      deployment,
      engine: {
        deploymentId: engine.id,
        deployedProcessDefinitions: definitions.map((d) => ({ id: d.id, key: d.key, version: d.version })),
      },
      instance: instance ? { id: instance.id, ended: instance.ended } : null,
    };
  }

  /** The engine's own parse: deploy, then remove the deployment again. */
  async verdict(nodeId: string, xml: string): Promise<{ node: string; ok: boolean; message: string | null }> {
    this.checkNode(nodeId);
    let deployment: EngineDeployment;
    try {
      deployment = await this.engineCall(nodeId, () =>
        this.api.deploy(nodeId, 'flowpilot-validation', 'validation.bpmn', xml),
      );
    } catch (error) {
      if (error instanceof ReplyFailure && error.code === 'engine-rejected')
        return { node: nodeId, ok: false, message: error.message.slice(0, 4_000) };
      throw error;
    }
    await this.engineCall(nodeId, () => this.api.deleteDeployment(nodeId, deployment.id));
    return { node: nodeId, ok: true, message: null };
  }

  private checkNode(nodeId: string): void {
    if (!this.api.knows(nodeId)) {
      throw new ReplyFailure(
        'invalid-request',
        `Camunda node "${nodeId}" is not configured; known: ${this.api.nodeIds.join(', ') || 'none'}`,
        {
          knownNodes: this.api.nodeIds,
        },
      );
    }
  }

  /** The engine's refusals become `engine-rejected`, an unreachable node `unavailable`: the asker is answered now. */
  private async engineCall<T>(nodeId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CamundaRestError)
        throw new ReplyFailure('engine-rejected', error.message, {
          node: nodeId,
          status: error.status,
          type: error.camundaType,
        });
      if (error instanceof TransientError) throw new ReplyFailure('unavailable', error.message, { node: nodeId });
      throw error;
    }
  }
}
