import { CamundaFleet } from '@flowpilot/shared';
import { CamundaDeploymentApi } from '../deploy/camunda-deployment.api';
import { ModelPipeline } from '../generation/model-pipeline';
import { GraphCompiler } from '../parser/graph-compiler';
import { parseDescription } from '../parser/text-parser';
import { loadCorpus, loadOddDescriptions, unmetExpectations } from './corpus-expectation.util';

const NODE = {
  index: 1,
  name: 'node1',
  url: process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest',
};

/**
 * Every corpus description through the offline pipeline and into the real
 * Camunda 7.24 node: lint, deploy, start an instance, check expectations.
 * Deployments are removed afterwards (cascade), so the engine stays clean.
 */
describe('description corpus on Camunda 7.24', () => {
  const corpus = loadCorpus();
  const pipeline = new ModelPipeline({ historyTimeToLiveDays: 30 });
  const api = new CamundaDeploymentApi(new CamundaFleet({ nodes: [NODE], requestTimeoutMs: 20_000 }));
  const deployments: string[] = [];

  afterAll(async () => {
    for (const id of deployments) await api.deleteDeployment(NODE.name, id).catch(() => undefined);
  });

  it('lints clean, deploys, starts an instance and meets the expectations for every description', async () => {
    const run = Date.now().toString(36);
    let lintClean = 0;
    let deployed = 0;
    let started = 0;
    let met = 0;
    const failures: string[] = [];
    for (const entry of corpus) {
      const built = await pipeline.build(
        new GraphCompiler().compile(parseDescription(entry.text), {
          processId: `Corpus_${entry.id.replace(/-/g, '_')}_${run}`,
        }),
      );
      if (built.lintFindings.every((f) => f.severity !== 'error')) lintClean += 1;
      if (unmetExpectations(entry.expect, built.stats, built.graph, built.xml).length === 0) met += 1;
      try {
        const deployment = await api.deploy(
          NODE.name,
          `flowpilot-corpus-${entry.id}`,
          `${entry.id}.bpmn`,
          built.xml,
        );
        deployments.push(deployment.id);
        deployed += 1;
        const definition = Object.values(deployment.deployedProcessDefinitions ?? {})[0];
        const start = built.graph.nodes.find((n) => n.kind === 'start');
        const variables = entry.variables ?? {};
        const instance =
          start?.kind === 'start' && start.trigger.type === 'message'
            ? await api.startByMessage(NODE.name, start.trigger.message, variables)
            : await api.startByDefinition(NODE.name, definition.id, variables);
        if (instance.id) started += 1;
      } catch (error) {
        failures.push(`${entry.id}: ${(error as Error).message}`);
      }
    }
    const n = corpus.length;
    const share = (k: number) => `${k}/${n} (${Math.round((100 * k) / n)}%)`;
    process.stdout.write(
      `corpus on ${NODE.url}: lint clean ${share(lintClean)}, deployed ${share(deployed)}, instance started ${share(started)}, expectations met ${share(met)}\n${failures.join('\n')}\n`,
    );
    expect(failures).toEqual([]);
    expect([lintClean, deployed, started, met]).toEqual([n, n, n, n]);
  }, 120_000);

  it('deploys what the parser makes of odd descriptions', async () => {
    const odd = loadOddDescriptions();
    const refused: string[] = [];
    for (const [i, text] of odd.entries()) {
      const built = await pipeline.build(
        new GraphCompiler().compile(parseDescription(text), {
          processId: `Odd_${i}_${Date.now().toString(36)}`,
        }),
      );
      try {
        deployments.push(
          (await api.deploy(NODE.name, 'flowpilot-corpus-odd', `odd-${i}.bpmn`, built.xml)).id,
        );
      } catch (error) {
        refused.push(`${JSON.stringify(text.slice(0, 40))}: ${(error as Error).message}`);
      }
    }
    process.stdout.write(`odd descriptions deployed: ${odd.length - refused.length}/${odd.length}\n`);
    expect(refused).toEqual([]);
  }, 120_000);
});
