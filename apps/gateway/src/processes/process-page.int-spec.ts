import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Browser, chromium, Page } from 'playwright-core';
import { camundaGet, CAMUNDA_NODE1_URL, deployBpmn, startInstance } from '../../../../test/support/camunda';
import { waitFor } from '../../../../test/support/wait-for';
import { SourceAppProcess } from '../../test/gateway-process';
import { GatewayUnderTest } from '../../test/gateway-under-test';
import { orderModel } from '../../test/process-page-model';

/**
 * The process page in Debian's headless Chromium over a real pipeline: a model
 * deployed on the shared Camunda node1 in two versions, instances driven
 * through it on the test's clock (review ≈ 1 s, approve ≈ 3.5 s, failing
 * charges), a collector, analyzer and incident-ai of this run publishing what
 * they see, and a gateway projecting it — read with a key of `read` scope only.
 * Overlays are compared with the engine's own figures and the analyzer's
 * bottleneck ranking. Screenshots go to test-output/.
 */
const run = randomUUID().slice(0, 8);
const nodeId = `pp-${run}`;
const processKey = `order-${run}`;
const OUT = resolve(__dirname, '../../../../test-output');
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const REVIEW_MS = 1_000;
const APPROVE_MS = 3_500;
const SLA_APPROVE = 'PT3S';

interface Statistics {
  id: string;
  instances: number;
  incidents: { incidentCount: number }[];
}
interface HistoricActivity {
  durationInMillis: number | null;
}
interface Task {
  id: string;
  processInstanceId: string;
  taskDefinitionKey: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${CAMUNDA_NODE1_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

async function completeTasks(instanceIds: string[], taskKey: string): Promise<void> {
  for (const id of instanceIds) {
    const [task] = await camundaGet<Task[]>(
      CAMUNDA_NODE1_URL,
      `/task?processInstanceId=${id}&taskDefinitionKey=${taskKey}`,
    );
    await post(`/task/${task.id}/complete`, {});
  }
}

/** Nearest-rank p95, as the gateway and the analyzer define it. */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)];
}

/** The badges of one overlay: activity (with `:breached` / `:at-risk` for SLA) → the number it shows. */
async function overlayBadges(page: Page, overlay: string): Promise<Record<string, number>> {
  const badges = page.locator(`#canvas .fp-badge[data-overlay=${overlay}]`);
  const found: Record<string, number> = {};
  for (let i = 0; i < (await badges.count()); i += 1) {
    const badge = badges.nth(i);
    const classes = (await badge.getAttribute('class')) ?? '';
    const state = classes.includes('sla-breached')
      ? ':breached'
      : classes.includes('sla-at-risk')
        ? ':at-risk'
        : '';
    found[`${await badge.getAttribute('data-activity')}${state}`] = Number(
      await badge.getAttribute('data-value'),
    );
  }
  return found;
}

/** Opens a page of the gateway with the key entered in its connect form. */
async function openWithKey(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  await page.fill('#api-key', key);
  await page.click('#connect button[type=submit]');
}

describe('process page (headless Chromium, real Camunda, collector, analyzer, incident-ai, gateway)', () => {
  const node = { CAMUNDA_NODE_1_NAME: nodeId, CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL };
  // Fed by the collector, analyzer and incident-ai of this run, not by the spec.
  const sut = new GatewayUnderTest('proc', { run, env: node, publishes: false });
  const { env, adminKey, gateway } = sut;
  const sources = [
    new SourceAppProcess(
      'collector',
      {
        ...env,
        ...node,
        CAMUNDA_NODE_1_DB_URL: 'postgres://postgres@127.0.0.1:5432/camunda_node1',
        POLL_INTERVAL_MS: '1000',
        INITIAL_BACKFILL_DAYS: '0',
      },
      `collector-process-page-${run}`,
    ),
    new SourceAppProcess(
      'analyzer',
      {
        ...env,
        ANALYSIS_INTERVAL_MS: '2000',
        // Four approvals are enough to rank here (the default wants ten samples per activity).
        AI_MIN_DATA: '3',
        SLA_SWEEP_INTERVAL_MS: '500',
        SLA_TARGETS: JSON.stringify({ userTasks: { [`${processKey}:approve`]: SLA_APPROVE } }),
      },
      `analyzer-process-page-${run}`,
    ),
    new SourceAppProcess('incident-ai', env, `incident-ai-process-page-${run}`),
  ];
  let browser: Browser;
  let readKey: string;
  let v1: string;
  let v2: string;
  const v1Instances: string[] = [];
  const approvePath: string[] = [];
  const directPath: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    // Consumers first (each starts at the end of its topics), then the collector that publishes.
    await Promise.all([sut.start(), sources[1].start(), sources[2].start()]);
    await sources[0].start();
    const created = await gateway.api('/api-keys', adminKey, {
      method: 'POST',
      body: JSON.stringify({ name: `process page ${run}`, scopes: ['read'] }),
    });
    readKey = ((await created.json()) as { key: string }).key;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
    });

    v1 = (await deployBpmn(CAMUNDA_NODE1_URL, processKey, orderModel(processKey, 'Order fulfilment')))
      .definitionId;
    for (let i = 0; i < 2; i += 1)
      v1Instances.push(
        await startInstance(CAMUNDA_NODE1_URL, processKey, { amount: { value: 10, type: 'Integer' } }),
      );
    v2 = (await deployBpmn(CAMUNDA_NODE1_URL, processKey, orderModel(processKey, 'Order fulfilment (v2)')))
      .definitionId;

    // Version 2 under load: 8 orders need approval (2 stay in review, 2 stay in approval), 4 do not.
    for (let i = 0; i < 8; i += 1)
      approvePath.push(
        await startInstance(CAMUNDA_NODE1_URL, processKey, {
          amount: { value: 5_000, type: 'Integer' },
          ...(i === 5 ? {} : { ok: { value: true, type: 'Boolean' } }),
        }),
      );
    for (let i = 0; i < 4; i += 1)
      directPath.push(
        await startInstance(CAMUNDA_NODE1_URL, processKey, {
          amount: { value: 100, type: 'Integer' },
          ...(i >= 2 ? {} : { ok: { value: true, type: 'Boolean' } }),
        }),
      );
    await sleep(REVIEW_MS);
    await completeTasks([...approvePath.slice(2), ...directPath], 'review');
    await sleep(APPROVE_MS);
    await completeTasks(approvePath.slice(2, 6), 'approve');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([gateway.stop(), ...sources.map((s) => s.stop())]);
    for (const id of [...v1Instances, ...approvePath, ...directPath])
      await fetch(`${CAMUNDA_NODE1_URL}/process-instance/${id}?skipCustomListeners=true`, {
        method: 'DELETE',
      });
    await sut.stop();
  }, 60_000);

  it('draws heat, tokens, incidents and SLA on the right activities with the engine’s and analyzer’s numbers', async () => {
    // The engine's own view of version 2: tokens review 2, approve 2, charge 3 (failed jobs, 3 incidents).
    const statistics = await waitFor('three incidents at charge', async () => {
      const rows = await camundaGet<Statistics[]>(
        CAMUNDA_NODE1_URL,
        `/process-definition/${v2}/statistics?incidents=true`,
      );
      const charge = rows.find((r) => r.id === 'charge');
      return charge && charge.incidents.reduce((n, i) => n + i.incidentCount, 0) === 3 ? rows : undefined;
    });
    const tokens = Object.fromEntries(statistics.map((r) => [r.id, r.instances]));
    expect(tokens).toEqual({ review: 2, approve: 2, charge: 3 });

    const json = async <T>(path: string) => (await (await gateway.api(path, readKey)).json()) as T;
    const ranking = await waitFor(
      "the analyzer's bottleneck report with every approval",
      async () => {
        const page = await json<{ data: { activityId: string; p95Ms: number; count: number }[] }>(
          `/bottlenecks?nodeId=${nodeId}&processDefinitionKey=${processKey}&sort=-p95Ms`,
        );
        const approve = page.data.find((b) => b.activityId === 'approve');
        const review = page.data.find((b) => b.activityId === 'review');
        return approve?.count === 4 && review?.count === 10 ? page.data : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    const base = `/nodes/${nodeId}/process-definitions/${encodeURIComponent(v2)}`;
    await waitFor(
      'durations, SLA breaches and analysed incidents in the gateway',
      async () => {
        const o = await json<{
          activities: {
            activityId: string;
            durations: { count: number } | null;
            sla: { breached: number };
          }[];
        }>(`${base}/activities`);
        const at = (id: string) => o.activities.find((a) => a.activityId === id);
        const charge = await json<{ incidents: { analysis: unknown }[] }>(`${base}/activities/charge`);
        return (
          at('approve')?.durations?.count === 4 &&
          at('review')?.durations?.count === 10 &&
          at('approve')?.sla.breached === 2 &&
          charge.incidents.length === 3 &&
          charge.incidents.every((i) => i.analysis !== null)
        );
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );

    const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    await openWithKey(page, `${gateway.baseUrl}/process.html#node=${nodeId}&key=${processKey}`, readKey);
    await page.waitForSelector('body[data-rendered=true]');

    // The latest version is shown, not mixed with version 1.
    expect(await page.inputValue('#version')).toBe(v2);
    expect(await page.locator('#summary').textContent()).toContain('v2');

    // Heat: p95 per activity, equal (within the histogram's 2 %) to p95 of the engine's own durations,
    // and ranked like the analyzer's bottlenecks.
    const heat = await overlayBadges(page, 'heat');
    for (const activityId of ['review', 'approve']) {
      const history = await camundaGet<HistoricActivity[]>(
        CAMUNDA_NODE1_URL,
        `/history/activity-instance?processDefinitionId=${encodeURIComponent(v2)}&activityId=${activityId}&finished=true`,
      );
      const truth = p95(history.map((h) => h.durationInMillis ?? 0));
      expect(Math.abs(heat[activityId] - truth) / truth).toBeLessThanOrEqual(0.021);
    }
    expect(heat.approve).toBeGreaterThan(APPROVE_MS * 0.9);
    const heatRanks: [string, number][] = [];
    const heatBadges = page.locator('#canvas .fp-badge[data-overlay=heat]');
    for (let i = 0; i < (await heatBadges.count()); i += 1)
      heatRanks.push([
        (await heatBadges.nth(i).getAttribute('data-activity')) ?? '',
        Number(await heatBadges.nth(i).getAttribute('data-heat-rank')),
      ]);
    const heatOrder = heatRanks.sort((a, b) => a[1] - b[1]).map(([id]) => id);
    const analyzerOrder = ranking.filter((b) => b.p95Ms >= 100).map((b) => b.activityId);
    expect(analyzerOrder).toEqual(['approve', 'review']);
    expect(heatOrder.slice(0, analyzerOrder.length)).toEqual(analyzerOrder);
    // The slowest activity is drawn in the hottest colour.
    expect(await page.getAttribute('.fp-heat[data-activity=approve]', 'style')).toContain('rgb(229,57,53)');
    await page.screenshot({ path: resolve(OUT, 'gateway-process-heat.png') });

    await page.check('input[name=overlay][value=tokens]');
    await page.waitForSelector('body[data-overlay=tokens]');
    expect(await overlayBadges(page, 'tokens')).toEqual(tokens);
    expect(await page.locator('#legend').textContent()).toContain('7 in total');
    await page.screenshot({ path: resolve(OUT, 'gateway-process-tokens.png') });

    await page.check('input[name=overlay][value=incidents]');
    expect(await overlayBadges(page, 'incidents')).toEqual({ charge: 3 });

    await page.check('input[name=overlay][value=sla]');
    expect(await overlayBadges(page, 'sla')).toEqual({ 'approve:breached': 2 });

    await page.check('input[name=overlay][value=risk]');
    const risk = await overlayBadges(page, 'risk');
    expect(Object.keys(risk)).toEqual(['charge']);

    // Drill-down: figures, the slowest approvals (the engine's), waiting ones, incidents with analyses.
    await page.click('#activities tr[data-activity=charge]');
    await page.waitForSelector('#panel[data-loaded=true][data-activity=charge]');
    expect(await page.locator('#panel .incident-list > li').count()).toBe(3);
    await expect(page.locator('#panel .incident-list .analysis .badge').first().textContent()).resolves.toBe(
      'missing-variable',
    );
    await page.screenshot({ path: resolve(OUT, 'gateway-process-drilldown.png'), fullPage: true });
    await page.click('#activities tr[data-activity=approve]');
    await page.waitForSelector('#panel[data-loaded=true][data-activity=approve]');
    const tables = page.locator('#panel table');
    expect(await tables.nth(0).locator('tbody tr').count()).toBe(4);
    expect(await tables.nth(1).locator('tbody tr').count()).toBe(2);
    const cockpit = await tables.nth(0).locator('a').first().getAttribute('href');
    expect(cockpit).toMatch(
      /^http:\/\/127\.0\.0\.1:8080\/camunda\/app\/cockpit\/default\/#\/process-instance\/[0-9a-f-]+\/runtime$/,
    );
    await page.close();
  }, 300_000);

  it('switches versions without mixing them, unless all versions are asked for', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await openWithKey(
      page,
      `${gateway.baseUrl}/process.html#node=${nodeId}&key=${processKey}&overlay=tokens`,
      readKey,
    );
    await page.waitForSelector('body[data-rendered=true]');
    expect(await overlayBadges(page, 'tokens')).toEqual({ review: 2, approve: 2, charge: 3 });

    await page.selectOption('#version', v1);
    await page.waitForFunction(
      `document.body.dataset.rendered === 'true' && location.hash.includes(${JSON.stringify(encodeURIComponent(v1))})`,
    );
    expect(await overlayBadges(page, 'tokens')).toEqual({ review: 2 });
    expect(await page.locator('#summary').textContent()).toContain('v1');

    await page.check('#all-versions');
    await page.waitForFunction(
      `document.body.dataset.rendered === 'true' && location.hash.includes('versions=all')`,
    );
    expect(await overlayBadges(page, 'tokens')).toEqual({ review: 4, approve: 2, charge: 3 });
    await page.close();
  }, 120_000);

  it('links the process from the dashboard and shows trends and the leaderboard with the read scope', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(`${gateway.baseUrl}/`);
    await page.fill('#api-key', readKey);
    await page.selectOption('#refresh', '0');
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-loaded=true]');
    await waitFor('the trend row of the process', async () => {
      await page.selectOption('#trend-hours', '24');
      await page.waitForTimeout(500);
      return (await page.locator(`#trends tr[data-process="${processKey}"]`).count()) === 1;
    });
    const row = page.locator(`#trends tr[data-process="${processKey}"] td`);
    expect(await row.nth(1).textContent()).toMatch(/^14\b/);
    await waitFor(
      'the leaderboard row',
      async () => {
        await page.click('button[type=submit]');
        await page.waitForTimeout(1_000);
        return (await page.locator(`#leaderboard tr[data-process="${processKey}"]`).count()) > 0;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await page.click('#leaderboard th[data-sort=completed]');
    expect(await page.getAttribute('#leaderboard th[data-sort=completed]', 'aria-sort')).toBe('ascending');
    await page.click('#leaderboard th[data-sort=completed]');
    expect(await page.getAttribute('#leaderboard th[data-sort=completed]', 'aria-sort')).toBe('descending');
    const completed = (await page.locator('#leaderboard tbody tr td:nth-child(4)').allTextContents()).map(
      Number,
    );
    expect(completed).toEqual([...completed].sort((a, b) => b - a));
    // The two new cards on their own: the rest of the page shows whatever else the shared broker carries.
    await page
      .locator('section:has(#leaderboard)')
      .screenshot({ path: resolve(OUT, 'gateway-dashboard-leaderboard.png') });
    await page
      .locator('section:has(#trends)')
      .screenshot({ path: resolve(OUT, 'gateway-dashboard-trends.png') });

    await page.click(`#leaderboard tr[data-process="${processKey}"] a.process-link`);
    await page.waitForSelector('body[data-rendered=true]');
    expect(await page.inputValue('#process')).toBe(processKey);
    await page.close();
  }, 150_000);
});
