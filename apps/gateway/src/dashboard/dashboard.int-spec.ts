import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { waitFor } from '../../../../test/support/wait-for';
import {
  anomaly,
  bottlenecks,
  healthScore,
  incidentAnalyzed,
  incidentOpened,
  nodeStatus,
  slaAlert,
} from '../../test/live-payloads';
import { SourceAppProcess } from '../../test/gateway-process';
import { GatewayUnderTest } from '../../test/gateway-under-test';

/**
 * The dashboard in Debian's headless Chromium, showing what was published on
 * the real Kafka and projected by a real gateway; the screenshot is kept in
 * test-output/gateway-dashboard.png.
 */
const sut = new GatewayUnderTest('dash');
const { run, adminKey, gateway } = sut;
const nodeA = `dash-a-${run}`;
const nodeB = `dash-b-${run}`;
const SCREENSHOT = resolve(__dirname, '../../../../test-output/gateway-dashboard.png');
const VIEWER_SCREENSHOT = resolve(__dirname, '../../../../test-output/gateway-bpmn-viewer.png');
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('dashboard (headless Chromium, real gateway)', () => {
  let browser: Browser;

  beforeAll(async () => {
    await sut.start();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sut.stop();
  }, 60_000);

  it('shows cluster health, nodes, analysed incidents, SLA risks, bottlenecks and anomalies, and refreshes', async () => {
    const incident = incidentOpened({ processDefinitionKey: `invoice-${run}`, activityId: 'assignApprover' });
    await sut.publisher.publish('camunda.node.status.v1', nodeStatus(nodeA, 'up', 'unknown'), {
      nodeId: nodeA,
    });
    await sut.publisher.publish('camunda.node.status.v1', nodeStatus(nodeB, 'down', 'up'), { nodeId: nodeB });
    await sut.publisher.publish(
      'camunda.engine.version.v1',
      {
        version: '1.0.3',
        previousVersion: null,
        observedAt: new Date().toISOString(),
        flavour: 'operaton',
        product: 'Operaton BPM Runtime',
        schemaVersion: '7.24.0',
      },
      { nodeId: nodeA },
    );
    await sut.publisher.publish('analysis.health.v1', healthScore('node', nodeA, 91), { nodeId: nodeA });
    await sut.publisher.publish('analysis.health.v1', healthScore('cluster', null, 64));
    await sut.publisher.publish('camunda.incident.opened.v1', incident, { nodeId: nodeA });
    await sut.publisher.publish(
      'incident.analysis.v1',
      incidentAnalyzed(incident, { rootCause: `Variable customerId is missing (${run})` }),
      { nodeId: nodeA },
    );
    await sut.publisher.publish(
      'analysis.sla.v1',
      slaAlert(nodeA, 'breached', `Approve invoice ${run}`, 1.25),
      {
        nodeId: nodeA,
      },
    );
    await sut.publisher.publish('analysis.sla.v1', slaAlert(nodeA, 'at-risk', `Check stock ${run}`, 0.86), {
      nodeId: nodeA,
    });
    await sut.publisher.publish(
      'analysis.bottlenecks.v1',
      bottlenecks(nodeA, `inv-${run}`, [
        [`approve-${run}`, 90_000_000],
        [`scan-${run}`, 40_000_000],
      ]),
      { nodeId: nodeA },
    );
    for (const [z, minutes] of [
      [4.2, 50],
      [6.8, 30],
      [3.4, 10],
    ])
      await sut.publisher.publish('analysis.anomaly.v1', anomaly(nodeA, z, minutes), { nodeId: nodeA });

    await waitFor('the projections', async () => {
      const json = async <T>(path: string) => (await (await gateway.api(path, adminKey)).json()) as T;
      const found = await json<{ analysis?: unknown }>(`/incidents/${nodeA}/${incident.incidentId}`);
      const bottleneck = await json<{ page: { total: number } }>(`/bottlenecks?nodeId=${nodeA}`);
      const anomalies = await json<{ page: { total: number } }>(`/anomalies?nodeId=${nodeA}`);
      const nodes = await json<{ data: Array<{ nodeId: string; engineFlavour: string | null }> }>('/nodes');
      const flavoured = nodes.data.some((n) => n.nodeId === nodeA && n.engineFlavour === 'operaton');
      return (
        Boolean(found.analysis) && bottleneck.page.total === 2 && anomalies.page.total === 3 && flavoured
      );
    });

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${gateway.baseUrl}/`);
    await page.fill('#api-key', adminKey);
    await page.selectOption('#refresh', '5');
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-loaded=true]');

    const incidentRow = page.locator(`tr[data-incident="${incident.incidentId}"]`);
    // A running incident-ai may re-analyse the published incident; either analysis names the family.
    await expect(incidentRow.locator('.analysis .badge').textContent()).resolves.toBe('missing-variable');
    await expect(page.locator(`tr[data-node="${nodeA}"] .badge.up`).count()).resolves.toBe(1);
    await expect(page.locator(`tr[data-node="${nodeB}"] .badge.down`).count()).resolves.toBe(1);
    await expect(page.locator(`tr[data-node="${nodeA}"] .flavour.operaton`).textContent()).resolves.toBe(
      'Operaton',
    );
    await expect(page.locator(`tr[data-node="${nodeA}"] a`).getAttribute('href')).resolves.toMatch(
      /\/operaton\/app\/cockpit\/$/,
    );
    await expect(page.locator('#bottleneck-chart svg text').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining(`approve-${run}`)]),
    );
    await expect(page.locator('#sla-chart svg text').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['125 % of target']),
    );
    expect(await page.locator('#anomaly-chart svg circle').count()).toBeGreaterThanOrEqual(3);
    await expect(page.locator('#alerts li').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining(`Camunda node ${nodeB} is down`)]),
    );

    // Auto-refresh: a new incident appears without reloading the page.
    const later = incidentOpened({ processDefinitionKey: `later-${run}` });
    await sut.publisher.publish('camunda.incident.opened.v1', later, { nodeId: nodeA });
    await page.waitForSelector(`tr[data-incident="${later.incidentId}"]`, { timeout: 20_000 });

    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  }, 90_000);

  it('renders a model generated through the API in the BPMN viewer and serves its XML', async () => {
    const generator = new SourceAppProcess('bpmn-generator', sut.env, `bpmn-generator-dashboard-${run}`);
    await generator.start();
    try {
      const generated = await gateway.api('/bpmn/generate', adminKey, {
        method: 'POST',
        body: JSON.stringify({
          text: 'Receive order, validate payment, ship product, send confirmation',
          name: `Order ${run}`,
        }),
      });
      expect(generated.status).toBe(201);
      const model = (await generated.json()) as {
        modelId: string;
        version: number;
        links: { xml: string; viewer: string };
      };
      const xml = await gateway.api(model.links.xml.replace('/api/v1', ''), adminKey);
      expect(xml.headers.get('content-type')).toContain('application/xml');
      expect(await xml.text()).toContain('bpmn:definitions');

      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await page.goto(`${gateway.baseUrl}${model.links.viewer}`);
      await page.fill('#api-key', adminKey);
      await page.click('button[type=submit]');
      await page.waitForSelector('body[data-rendered=true]');

      const labels = await page
        .locator('#canvas .djs-element .djs-label, #canvas .djs-element text')
        .allTextContents();
      expect(labels.join(' ')).toContain('Validate payment');
      expect(await page.locator('#canvas .djs-shape').count()).toBeGreaterThanOrEqual(6);
      await page.screenshot({ path: VIEWER_SCREENSHOT });
      await page.close();
    } finally {
      await generator.stop();
    }
  }, 120_000);
});
