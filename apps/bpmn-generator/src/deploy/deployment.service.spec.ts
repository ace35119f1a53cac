import { CamundaRestError, DeploymentRecord, TransientError } from '@flowpilot/shared';
import { ProcessGraph } from '../graph/process-graph';
import { approvalGraph } from '../testing/graph-fixtures';
import { EngineDeployment, StartedInstance, Variables } from './camunda-deployment.api';
import { DeploymentService } from './deployment.service';

const MODEL = 'c0000000-0000-4000-8000-000000000001';

/** The engine API is the module boundary: it records calls and answers as told. */
class FakeApi {
  calls: string[] = [];
  deployError: Error | null = null;
  nodeIds = ['node1'];
  knows(nodeId: string) {
    return this.nodeIds.includes(nodeId);
  }
  async deploy(nodeId: string, name: string): Promise<EngineDeployment> {
    this.calls.push(`deploy ${nodeId} ${name}`);
    if (this.deployError) throw this.deployError;
    return {
      id: 'dep-1',
      deployedProcessDefinitions: { 'Approval:3:x': { id: 'Approval:3:x', key: 'Approval', version: 3 } },
    };
  }
  async startByDefinition(
    nodeId: string,
    definitionId: string,
    variables: Variables,
  ): Promise<StartedInstance> {
    this.calls.push(`start ${definitionId} ${JSON.stringify(variables)}`);
    return { id: 'pi-1', ended: false };
  }
  async startByMessage(nodeId: string, message: string): Promise<StartedInstance> {
    this.calls.push(`message ${message}`);
    return { id: 'pi-2', ended: false };
  }
  async deleteDeployment(nodeId: string, id: string): Promise<void> {
    this.calls.push(`delete ${id}`);
  }
}

class FakeModels {
  recorded: DeploymentRecord[] = [];
  constructor(private readonly stored: ProcessGraph | null) {}
  async graph(modelId: string) {
    return modelId === MODEL ? { graph: this.stored, xml: '<xml/>', version: 2 } : null;
  }
  async recordDeployment(_modelId: string, _version: number, deployment: DeploymentRecord) {
    this.recorded.push(deployment);
  }
}

function setup(graph: ProcessGraph | null = approvalGraph()) {
  const api = new FakeApi();
  const models = new FakeModels(graph);
  const sut = new DeploymentService(api, models, { now: () => new Date('2026-11-22T05:00:00Z') });
  return { sut, api, models };
}

describe('DeploymentService', () => {
  it('deploys the stored version, starts an instance and records both', async () => {
    const { sut, api, models } = setup();

    const result = await sut.deploy({
      type: 'deploy',
      modelId: MODEL,
      node: 'node1',
      startInstance: true,
      variables: { amount: { value: 5, type: 'Integer' } },
    });

    expect(api.calls).toEqual([
      `deploy node1 flowpilot-${MODEL}-v2`,
      'start Approval:3:x {"amount":{"value":5,"type":"Integer"}}',
    ]);
    expect(result).toEqual({
      modelId: MODEL,
      version: 2,
      deployment: {
        node: 'node1',
        deploymentId: 'dep-1',
        processDefinitionId: 'Approval:3:x',
        processDefinitionKey: 'Approval',
        engineVersion: 3,
        deployedAt: '2026-11-22T05:00:00.000Z',
        instanceId: 'pi-1',
      },
      engine: {
        deploymentId: 'dep-1',
        deployedProcessDefinitions: [{ id: 'Approval:3:x', key: 'Approval', version: 3 }],
      },
      instance: { id: 'pi-1', ended: false },
    });
    expect(models.recorded).toEqual([result.deployment]);
  });

  it('starts message-start processes by correlating the start message', async () => {
    const graph = approvalGraph();
    graph.nodes[0] = {
      id: 'start',
      kind: 'start',
      name: 'Order',
      trigger: { type: 'message', message: 'OrderCreated' },
    };
    const { sut, api } = setup(graph);

    await sut.deploy({ type: 'deploy', modelId: MODEL, node: 'node1', startInstance: true });

    expect(api.calls[1]).toBe('message OrderCreated');
  });

  it('answers with error codes for unknown nodes and models, engine refusals and outages', async () => {
    const { sut, api } = setup();

    await expect(sut.deploy({ type: 'deploy', modelId: MODEL, node: 'node7' })).rejects.toMatchObject({
      code: 'invalid-request',
    });
    await expect(
      sut.deploy({ type: 'deploy', modelId: 'c0000000-0000-4000-8000-000000000002', node: 'node1' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    api.deployError = new CamundaRestError(
      'node1',
      400,
      'ParseException',
      'ENGINE-09005 Could not parse BPMN process',
    );
    await expect(sut.deploy({ type: 'deploy', modelId: MODEL, node: 'node1' })).rejects.toMatchObject({
      code: 'engine-rejected',
      message: expect.stringContaining('ENGINE-09005'),
    });
    api.deployError = new TransientError('Camunda node node1: POST /deployment/create failed: ECONNREFUSED');
    await expect(sut.deploy({ type: 'deploy', modelId: MODEL, node: 'node1' })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('gives the engine verdict and removes the trial deployment', async () => {
    const { sut, api } = setup();

    const accepted = await sut.verdict('node1', '<xml/>');
    api.deployError = new CamundaRestError('node1', 400, 'ParseException', 'bad timer');
    const refused = await sut.verdict('node1', '<xml/>');

    expect(accepted).toEqual({ node: 'node1', ok: true, message: null });
    expect(api.calls).toContain('delete dep-1');
    expect(refused).toEqual({ node: 'node1', ok: false, message: 'bad timer' });
  });
});
