import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CamundaFleet, KafkaRequestClient, loadConfig, ModelDetail, TEMPLATE_KINDS } from '@flowpilot/shared';
import { BpmnGeneratorConfigSchema } from './bpmn-generator.config';
import { CamundaDeploymentApi } from './deploy/camunda-deployment.api';
import { startGenerator } from './testing/generator-under-test';

/**
 * The generator as the gateway sees it: commands over real Kafka (request/reply),
 * models stored in real PostgreSQL, deployments on the real Camunda 7.24 node.
 * The app gets its own schema and consumer group; deployments are removed at the end.
 */
const run = randomUUID().slice(0, 8);
const service = `bpmn-generator-it-${run}`;
const nodeUrl = process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest';
const node2Url = process.env.CAMUNDA_NODE_2_URL ?? 'http://127.0.0.1:8081/engine-rest';
const config = loadConfig(
  'bpmn-generator',
  BpmnGeneratorConfigSchema,
  {
    ...process.env,
    LOG_LEVEL: 'warn',
    KAFKA_GROUP_PREFIX: `it-${run}`,
    CAMUNDA_NODE_1_NAME: 'node1',
    CAMUNDA_NODE_1_URL: nodeUrl,
    CAMUNDA_NODE_2_NAME: 'node2',
    CAMUNDA_NODE_2_URL: node2Url,
    OPENAI_API_KEY: undefined,
  },
  { families: ['CAMUNDA_NODE_'] },
);

describe('bpmn-generator over Kafka, PostgreSQL and Camunda', () => {
  let app: INestApplication;
  let client: KafkaRequestClient<'bpmn.request.v1', 'bpmn.reply.v1'>;
  const deployments: { node: string; id: string }[] = [];
  const camunda = new CamundaDeploymentApi(
    new CamundaFleet({ nodes: config.nodes, requestTimeoutMs: 20_000 }),
  );

  const ok = async <T>(
    promise: Promise<{ ok: true; result: T } | { ok: false; error: { code: string; message: string } }>,
  ): Promise<T> => {
    const reply = await promise;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.result;
  };

  beforeAll(async () => {
    ({ app, client } = await startGenerator(config, service, {
      replyGroupId: `it-${run}.gateway.replies`,
      logs: true,
    }));
  }, 90_000);

  afterAll(async () => {
    for (const { node, id } of deployments) await camunda.deleteDeployment(node, id).catch(() => undefined);
    await client?.stop();
    await app?.close();
    const admin = new Client({
      host: config.DB_HOST,
      port: config.DB_PORT,
      database: config.DB_NAME,
      user: config.DB_USER,
      password: config.DB_PASSWORD,
    });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${service.replace(/-/g, '_')}" CASCADE`);
    await admin.end();
  }, 30_000);

  let model: ModelDetail;

  it('generates a model from text, stores it and returns it by id', async () => {
    model = await ok(
      client.request({
        type: 'generate-from-text',
        text: `Receive the ${run} order. If the amount is over 1000, a manager approves it within 2 days. Then update the CRM and send the invoice.`,
        name: `Order ${run}`,
      }),
    );

    expect(model).toMatchObject({
      version: 1,
      generator: 'offline',
      sourceKind: 'text',
      lint: { errors: 0 },
    });
    expect(model.stats).toMatchObject({
      userTasks: 1,
      serviceTasks: 4,
      gateways: { exclusive: 2 },
      timers: [{ placement: 'boundary', value: 'P2D' }],
    });
    expect(model.xml).toContain('camunda:candidateGroups="managers"');
    const fetched = await ok(client.request({ type: 'get-model', modelId: model.modelId }));
    expect(fetched.xml).toBe(model.xml);
  }, 30_000);

  it('lists and searches stored models', async () => {
    const list = await ok(client.request({ type: 'list-models', limit: 10 }));
    const found = await ok(client.request({ type: 'search-models', query: `${run} order` }));

    expect(list.items.map((m) => m.modelId)).toContain(model.modelId);
    expect(found.items.map((m) => m.modelId)).toEqual([model.modelId]);
  }, 30_000);

  it('enhances a stored model into a new version', async () => {
    const enhanced = await ok(
      client.request({
        type: 'enhance',
        source: { kind: 'model', modelId: model.modelId },
        passes: ['error-boundaries', 'sla-timers', 'parallelize'],
      }),
    );

    expect(enhanced).toMatchObject({
      modelId: model.modelId,
      version: 2,
      parentVersion: 1,
      sourceKind: 'enhancement',
      lint: { errors: 0 },
    });
    expect(enhanced.stats.errorEvents).toBe(4);
    expect(enhanced.stats.gateways.parallel).toBe(2);
    expect(enhanced.suggestions.filter((s) => s.kind === 'missing-error-handling')).toEqual([]);
    expect(enhanced.versions.map((v) => v.version)).toEqual([1, 2]);
  }, 30_000);

  it('reports the engine verdict for a valid and an invalid model', async () => {
    const valid = await ok(
      client.request({ type: 'validate', source: { kind: 'model', modelId: model.modelId }, node: 'node1' }),
    );
    // Well-formed BPMN (a duplicated attribute would be refused before the engine) that Camunda rejects.
    const broken = model.xml.replace(
      /camunda:historyTimeToLive="[^"]*"/,
      'camunda:historyTimeToLive="not-a-number"',
    );
    expect(broken).not.toBe(model.xml);
    const invalid = await ok(
      client.request({ type: 'validate', source: { kind: 'xml', xml: broken }, node: 'node1' }),
    );
    const garbage = await client.request({ type: 'validate', source: { kind: 'xml', xml: '<not-bpmn' } });

    expect(valid.engine).toEqual({ node: 'node1', ok: true, message: null });
    expect(valid.processCount).toBe(1);
    expect(invalid.engine).toMatchObject({ node: 'node1', ok: false });
    expect(garbage).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', details: { problem: 'malformed-xml' } },
    });
  }, 30_000);

  it('refuses caller definitions without a process on every command, before any engine or store', async () => {
    const noProcess =
      '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://flowpilot.test"/>';
    const source = { kind: 'xml' as const, xml: noProcess };

    const report = await client.request({ type: 'validate', source });
    const onNode = await client.request({ type: 'validate', source, node: 'node1' });
    const enhanced = await client.request({ type: 'enhance', source, passes: ['sla-timers'] });

    for (const refused of [report, onNode, enhanced])
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'invalid-request', details: { problem: 'no-process', processCount: 0 } },
      });
  }, 30_000);

  it('answers text it cannot store with invalid-request, whoever sent it', async () => {
    const withNul = await client.request({ type: 'generate-from-text', text: 'Approve\u0000 the invoice' });
    const loneSurrogate = await client.request({
      type: 'generate-from-text',
      text: 'Approve the invoice',
      name: 'Invoice \uD83D',
    });
    const searchNul = await client.request({ type: 'search-models', query: 'in\u0000voice' });

    expect(withNul).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', details: { issues: [{ path: 'text' }] } },
    });
    expect(loneSurrogate).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', details: { issues: [{ path: 'name' }] } },
    });
    expect(searchNul).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  }, 30_000);

  it('deploys versions to the chosen nodes and starts an instance', async () => {
    const result = await ok(
      client.request({
        type: 'deploy',
        modelId: model.modelId,
        node: 'node1',
        startInstance: true,
        variables: { amount: { value: 50, type: 'Integer' } },
      }),
    );
    deployments.push({ node: 'node1', id: result.deployment.deploymentId });
    const first = await ok(
      client.request({ type: 'deploy', modelId: model.modelId, version: 1, node: 'node2' }),
    );
    deployments.push({ node: 'node2', id: first.deployment.deploymentId });

    expect(result).toMatchObject({
      version: 2,
      deployment: { node: 'node1', engineVersion: 1 },
      instance: { ended: false },
    });
    expect(first).toMatchObject({
      version: 1,
      deployment: { node: 'node2', instanceId: null },
      instance: null,
    });
    expect(first.engine.deployedProcessDefinitions).toHaveLength(1);
    const fetched = await ok(client.request({ type: 'get-model', modelId: model.modelId }));
    expect(fetched.deployments.map((d) => [d.node, d.deploymentId])).toEqual([
      ['node2', first.deployment.deploymentId],
      ['node1', result.deployment.deploymentId],
    ]);
    expect(fetched.latestDeployment?.deploymentId).toBe(first.deployment.deploymentId);
  }, 30_000);

  it('builds, deploys and starts every template', async () => {
    for (const template of TEMPLATE_KINDS) {
      const detail = await ok(
        client.request({ type: 'generate-from-template', template, name: `${template} ${run}` }),
      );
      const result = await ok(
        client.request({ type: 'deploy', modelId: detail.modelId, node: 'node1', startInstance: true }),
      );
      deployments.push({ node: 'node1', id: result.deployment.deploymentId });

      expect({ template, errors: detail.lint.errors, started: result.instance !== null }).toEqual({
        template,
        errors: 0,
        started: true,
      });
    }
  }, 60_000);

  it('answers unknown models and nodes with error codes', async () => {
    const missing = await client.request({ type: 'get-model', modelId: randomUUID() });
    const unknownNode = await client.request({ type: 'deploy', modelId: model.modelId, node: 'node9' });
    const badTemplate = await client.request({
      type: 'generate-from-template',
      template: 'saga',
      config: { colour: 'blue' },
    });

    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(unknownNode).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(badTemplate).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  }, 30_000);
});
