import { CamundaFleet } from '@flowpilot/shared';
import { randomUUID } from 'node:crypto';
import { CamundaDeploymentApi } from '../deploy/camunda-deployment.api';
import { startMessageOf } from './event-scope';
import { ModelPipeline } from './model-pipeline';
import { offlineGraph } from './offline-generation';
import { processIdFor } from './generation.service';

const NODE = {
  index: 1,
  name: 'node1',
  url: process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest',
};

/**
 * Message names are engine-wide in Camunda 7: two definitions with a start
 * event for the same message cannot both be deployed (ENGINE-01011). Models
 * generated from the same text, and from similar texts, must still deploy side
 * by side on one engine, and each start by its own message.
 */
describe('generated models side by side on Camunda 7.24', () => {
  const pipeline = new ModelPipeline({ historyTimeToLiveDays: 1 });
  const api = new CamundaDeploymentApi(new CamundaFleet({ nodes: [NODE], requestTimeoutMs: 20_000 }));
  const deployments: string[] = [];

  afterAll(async () => {
    for (const id of deployments) await api.deleteDeployment(NODE.name, id).catch(() => undefined);
  });

  const texts = [
    'When a refund request arrives, check the receipt. Wait for the approval message from the store manager. Then pay the refund.',
    'When a refund request arrives, check the receipt. Wait for the approval message from the store manager. Then pay the refund.',
    'When a refund request arrives, verify the purchase. Wait for the approval message from the store manager. Then transfer the money.',
  ];

  it('deploys two models of the same text and one of a similar text, and starts each by its own message', async () => {
    const built = await Promise.all(
      texts.map(async (text) => {
        const { graph } = offlineGraph(text, (name) => processIdFor(name, randomUUID()));
        return pipeline.build(graph);
      }),
    );
    const messages = built.map((b) => startMessageOf(b.graph));
    expect(messages.every((m) => m !== null && m.endsWith('.RefundRequestReceived'))).toBe(true);
    expect(new Set(messages).size).toBe(3);

    for (const [i, model] of built.entries())
      deployments.push(
        (await api.deploy(NODE.name, `flowpilot-collision-${i}`, `collision-${i}.bpmn`, model.xml)).id,
      );
    const instances = [];
    for (const message of messages) instances.push(await api.startByMessage(NODE.name, message!, {}));

    expect(new Set(instances.map((i) => i.id)).size).toBe(3);
  }, 60_000);
});
