import { randomBytes } from 'node:crypto';
import { psql } from '@flowpilot/shared/testing';
import { ProcessDriver, str } from '../../apps/workers/src/testing/process-driver';
import { AppName, AppProcess } from '../support/app-process';
import { camundaGet, deployBpmn, startInstance, waitForIncident } from '../support/camunda';
import { waitFor } from '../support/wait-for';
import { FleetNode, fleetCandidates, fleetNodes } from './support/fleet-nodes';
import { fleetKafkaBrokers } from './support/fleet-stack';

/**
 * The same checks on every flavour of the fleet (Camunda 7.24, Operaton on PostgreSQL, Operaton on MariaDB),
 * with the six apps as separate processes over the fleet stack's private Kafka (fresh, so nothing is replayed)
 * and every node configured in each of them:
 * the flavour and web apps are reported, counts equal the engine's own, a planted slow activity is the top
 * bottleneck, an incident is explained with the right family and remediated (dry run, then apply), a generated
 * model deploys and runs, and the workers app completes external tasks.
 */
const RUN = Date.now().toString(36);
const database = `flowpilot_fleet_${RUN}`;
const adminKey = `fp_fleet_${randomBytes(16).toString('hex')}`;
const basePort = 15_000 + Math.floor(Math.random() * 1_000);
const NODES = fleetCandidates();
const ORDERS = 8;
// Far above what waiting for the next fetchAndLock can add to `fast` on a loaded machine.
const SLOW_MS = 4_000;

const nodeSettings = Object.fromEntries(
  NODES.flatMap((node, i) => [
    [`CAMUNDA_NODE_${i + 1}_NAME`, node.name],
    [`CAMUNDA_NODE_${i + 1}_URL`, node.url],
    [`CAMUNDA_NODE_${i + 1}_DB_URL`, node.dbUrl],
  ]),
);

const shared: Record<string, string> = {
  KAFKA_BROKERS: fleetKafkaBrokers,
  KAFKA_GROUP_PREFIX: `fleet-${RUN}`,
  DB_HOST: '127.0.0.1',
  DB_NAME: database,
  DB_USER: 'postgres',
  LOG_LEVEL: 'warn',
};
const env: Record<string, string> = {
  ...shared,
  ...nodeSettings,
  POLL_INTERVAL_MS: '1000',
  INITIAL_BACKFILL_DAYS: '0',
  ANALYSIS_INTERVAL_MS: '2000',
  AI_MIN_DATA: '5',
  GATEWAY_BOOTSTRAP_ADMIN_KEY: adminKey,
};

const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://flowpilot.io/fleet">
${body}
</bpmn:definitions>`;

/** Two external tasks: the test's own worker holds `slow` for SLOW_MS, so it must come out as the bottleneck. */
const orderModel = (key: string, topic: string) =>
  definitions(`  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fast" />
    <bpmn:serviceTask id="fast" name="Fast step" camunda:type="external" camunda:topic="${topic}-fast" />
    <bpmn:sequenceFlow id="f2" sourceRef="fast" targetRef="slow" />
    <bpmn:serviceTask id="slow" name="Slow step" camunda:type="external" camunda:topic="${topic}-slow" />
    <bpmn:sequenceFlow id="f3" sourceRef="slow" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);

/** Reads a variable nobody set, with no retry left: one incident; setting it and retrying completes the instance. */
const incidentModel = (key: string) =>
  definitions(`  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="discount" />
    <bpmn:serviceTask id="discount" name="Compute discount" camunda:asyncBefore="true" camunda:expression="\${discountRate * 2}">
      <bpmn:extensionElements>
        <camunda:failedJobRetryTimeCycle>R1/PT0S</camunda:failedJobRetryTimeCycle>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="discount" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);

async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  headers.set('X-API-Key', adminKey);
  if (init.body) headers.set('content-type', 'application/json');
  const response = await fetch(`http://127.0.0.1:${basePort}/api/v1${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function engine<T>(node: FleetNode, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} on ${node.name}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Completes the order model's external tasks: `fast` at once, `slow` after SLOW_MS. */
async function workOrders(node: FleetNode, topic: string, until: () => boolean): Promise<void> {
  const held: Promise<unknown>[] = [];
  while (!until()) {
    const tasks = await engine<Array<{ id: string; topicName: string }>>(
      node,
      'POST',
      '/external-task/fetchAndLock',
      {
        workerId: `fleet-${RUN}`,
        maxTasks: 20,
        asyncResponseTimeout: 500,
        topics: [`${topic}-fast`, `${topic}-slow`].map((topicName) => ({ topicName, lockDuration: 60_000 })),
      },
    );
    for (const task of tasks) {
      const complete = () =>
        engine(node, 'POST', `/external-task/${task.id}/complete`, { workerId: `fleet-${RUN}` });
      held.push(
        task.topicName.endsWith('-slow')
          ? new Promise((r) => setTimeout(r, SLOW_MS)).then(complete)
          : complete(),
      );
    }
  }
  await Promise.all(held);
}

describe('the same checks on every flavour of the fleet', () => {
  const ports: Record<AppName, number> = {
    gateway: basePort,
    collector: basePort + 1,
    analyzer: basePort + 2,
    'incident-ai': basePort + 3,
    'bpmn-generator': basePort + 4,
    workers: basePort + 5,
  };
  const apps = (['collector', 'analyzer', 'incident-ai', 'bpmn-generator', 'gateway'] as AppName[]).map(
    (name) => new AppProcess(name, env, ports[name], `fleet-${RUN}`),
  );
  const started = Date.now();

  beforeAll(async () => {
    await fleetNodes();
    psql(`CREATE DATABASE ${database}`);
    await Promise.all(apps.map((app) => app.start()));
    process.stdout.write(
      `fleet: ${NODES.map((n) => n.name).join(', ')}; apps up after ${Date.now() - started} ms\n`,
    );
  }, 600_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    process.stdout.write(`fleet matrix: ${Date.now() - started} ms in all\n`);
  }, 60_000);

  describe.each(NODES.map((node) => [node.name, node] as const))('%s', (_name, node) => {
    const key = (what: string) => `fleet_${what}_${node.name.replace(/-/g, '_')}_${RUN}`;

    it('reports its flavour, version and web apps, which answer there', async () => {
      const found = await waitFor(`${node.name} with its flavour in GET /nodes`, async () => {
        const { body } = await api<{ data: Array<Record<string, unknown>> }>('/nodes');
        // Status and version facts travel on two topics: wait for both.
        const found = body.data.find(
          (n) => n.nodeId === node.name && n.engineFlavour !== null && n.status === 'up',
        );
        if (found) return found;
        throw new Error(`not yet: ${JSON.stringify(body.data.find((n) => n.nodeId === node.name))}`);
      });
      const webAppsUrl = `${new URL(node.url).origin}${node.webAppsPath}`;
      expect(found).toMatchObject({ status: 'up', engineFlavour: node.flavour, webAppsUrl });
      const { version } = await engine<{ version: string }>(node, 'GET', '/version');
      expect(found.engineVersion).toBe(version);
      const cockpit = await fetch(`${webAppsUrl}/app/cockpit/`, { redirect: 'manual' });
      expect([200, 302]).toContain(cockpit.status);
    }, 120_000);

    it('counts what the engine counts, and finds the planted slow activity as the top bottleneck', async () => {
      const processKey = key('order');
      await deployBpmn(node.url, processKey, orderModel(processKey, processKey));
      let done = false;
      const worker = workOrders(node, processKey, () => done);
      for (let i = 0; i < ORDERS; i++) await startInstance(node.url, processKey);
      await waitFor(
        `${ORDERS} finished orders on ${node.name}`,
        async () => {
          const { count } = await camundaGet<{ count: number }>(
            node.url,
            `/history/process-instance/count?processDefinitionKey=${processKey}&finished=true`,
          );
          return count === ORDERS;
        },
        { timeoutMs: 90_000 },
      );
      done = true;
      await worker;

      const engineStarted = await camundaGet<{ count: number }>(
        node.url,
        `/history/process-instance/count?processDefinitionKey=${processKey}`,
      );
      const stats = await waitFor(
        'the gateway statistics to reach the engine counts',
        async () => {
          const { body } = await api<{ data: Array<{ started: number; completed: number }> }>(
            `/processes/statistics?nodeId=${node.name}&processDefinitionKey=${processKey}`,
          );
          const row = body.data[0];
          if (row && row.completed === ORDERS) return row;
          throw new Error(`not yet: ${JSON.stringify(body)}`);
        },
        { timeoutMs: 60_000 },
      );
      expect(stats).toMatchObject({ started: engineStarted.count, completed: ORDERS });

      const ranking = await waitFor(
        'the bottleneck report',
        async () => {
          const { body } = await api<{ data: Array<{ activityId: string; count: number; p95Ms: number }> }>(
            `/bottlenecks?nodeId=${node.name}&processDefinitionKey=${processKey}`,
          );
          // A report made before the last `slow` facts arrived holds fewer of them: wait for all of both steps.
          const complete = ['fast', 'slow'].every((id) =>
            body.data.some((b) => b.activityId === id && b.count >= ORDERS),
          );
          if (complete) return body.data;
          throw new Error(`not yet: ${JSON.stringify(body)}`);
        },
        { timeoutMs: 90_000 },
      );
      // The first entry with its p95, so a failure shows what outranked the slow step.
      expect(`${ranking[0].activityId}:${ranking[0].p95Ms}`).toMatch(/^slow:/);
    }, 240_000);

    it('explains an incident with the missing-variable family and remediates it (dry run, then apply)', async () => {
      const processKey = key('incident');
      await deployBpmn(node.url, processKey, incidentModel(processKey));
      const instanceId = await startInstance(node.url, processKey);
      const incident = await waitForIncident(node.url, instanceId);

      const analyzed = await waitFor(
        'the incident with its analysis',
        async () => {
          const { body } = await api<{
            data: Array<{ incidentId: string; analysis: { family: string } | null }>;
          }>(`/incidents?nodeId=${node.name}&processDefinitionKey=${processKey}`);
          return body.data.find((i) => i.incidentId === incident.id && i.analysis);
        },
        { timeoutMs: 90_000 },
      );
      expect(analyzed.analysis?.family).toBe('missing-variable');

      const request = {
        method: 'POST',
        body: JSON.stringify({ variables: { discountRate: { value: 0.1, type: 'Double' } } }),
      };
      const dryRun = await api<{ dryRun: boolean; applied: boolean; steps: unknown[] }>(
        `/incidents/${node.name}/${incident.id}/remediation/dry-run`,
        request,
      );
      expect(dryRun).toMatchObject({ status: 200, body: { dryRun: true, applied: false } });
      expect(dryRun.body.steps.length).toBeGreaterThan(0);
      expect(await camundaGet<unknown[]>(node.url, `/incident?processInstanceId=${instanceId}`)).toHaveLength(
        1,
      );

      const applied = await api<{ applied: boolean }>(
        `/incidents/${node.name}/${incident.id}/remediation/apply`,
        request,
      );
      expect(applied).toMatchObject({ status: 200, body: { applied: true } });
      await waitFor(`instance ${instanceId} to complete after the fix`, async () => {
        const [instance] = await camundaGet<Array<{ state: string }>>(
          node.url,
          `/history/process-instance?processInstanceId=${instanceId}`,
        );
        return instance?.state === 'COMPLETED';
      });
    }, 240_000);

    it('deploys a generated model (camunda: namespace) and runs an instance of it', async () => {
      const generated = await api<{ modelId: string }>('/bpmn/generate-from-template', {
        method: 'POST',
        body: JSON.stringify({
          template: 'approval-chain',
          config: { approval_type: 'purchase_order', routing_rules: 'amount-based' },
          name: `Fleet ${node.name} ${RUN}`,
        }),
      });
      if (generated.status !== 201) throw new Error(`generate-from-template: ${JSON.stringify(generated)}`);
      const deployed = await api<{
        engine: { deployedProcessDefinitions: Array<{ id: string; key: string }> };
        instance: { id: string } | null;
      }>(`/bpmn/models/${generated.body.modelId}/deploy`, {
        method: 'POST',
        body: JSON.stringify({ node: node.name, startInstance: true }),
      });
      if (deployed.status !== 201) throw new Error(`deploy: ${JSON.stringify(deployed)}`);
      expect(deployed.body.engine.deployedProcessDefinitions.length).toBeGreaterThan(0);
      const instanceId = deployed.body.instance?.id as string;
      expect(instanceId).toBeTruthy();
      const [instance] = await camundaGet<Array<{ id: string; state: string }>>(
        node.url,
        `/history/process-instance?processInstanceId=${instanceId}`,
      );
      expect(['ACTIVE', 'COMPLETED']).toContain(instance.state);
      expect(await camundaGet<unknown[]>(node.url, `/incident?processInstanceId=${instanceId}`)).toEqual([]);
    }, 120_000);

    it('has the workers app complete its external tasks', async () => {
      const workers = new AppProcess(
        'workers',
        {
          ...shared,
          CAMUNDA_REST_URL: node.url,
          CAMUNDA_NODE_NAME: node.name,
          CAMUNDA_CLIENT_ID: `fleet-workers-${RUN}`,
          CAMUNDA_CLIENT_ASYNC_RESPONSE_TIMEOUT: '2000',
        },
        ports.workers,
        `fleet-${RUN}-${node.name}`,
      );
      await workers.start();
      try {
        const driver = new ProcessDriver(node.url);
        const id = await driver.start('wallet-creation', {
          userId: str(`fleet-${RUN}-${node.name}`),
          currency: str('CHF'),
        });
        expect(await driver.endEventOf(id, 60_000)).toBe('End_WalletCreated');
        const external = await camundaGet<Array<{ activityType: string }>>(
          node.url,
          `/history/activity-instance?processInstanceId=${id}&activityType=serviceTask`,
        );
        expect(external.length).toBeGreaterThan(0);
      } finally {
        await workers.stop();
      }
    }, 180_000);
  });
});
