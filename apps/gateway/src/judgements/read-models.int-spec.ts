import { randomUUID } from 'node:crypto';
import { waitFor } from '../../../../test/support/wait-for';
import { anomaly, healthScore, nodeStatus, slaAlert } from '../../test/live-payloads';
import { GatewayUnderTest } from '../../test/gateway-under-test';
import { RecordingReceiver } from '../../test/recording-receiver';

/** Node, process and analyzer facts on the real Kafka become read models, alerts and webhooks. */
const sut = new GatewayUnderTest('models', {
  env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '100' },
});
const { run, adminKey, gateway } = sut;
const node = `models-node-${run}`;
const processKey = `models-proc-${run}`;

interface Alert {
  id: string;
  kind: string;
  status: string;
  severity: string;
  acknowledgedBy: string | null;
}

describe('read models, alerts and their webhooks (real Kafka + PostgreSQL)', () => {
  let receiver: RecordingReceiver;
  const get = async <T>(path: string): Promise<T> => (await gateway.api(path, adminKey)).json() as Promise<T>;

  beforeAll(async () => {
    receiver = await RecordingReceiver.create();
    await Promise.all([sut.start(), receiver.start()]);
    const created = await gateway.api('/webhooks', adminKey, {
      method: 'POST',
      body: JSON.stringify({
        url: receiver.url,
        events: [
          'node.down',
          'node.up',
          'process.completed',
          'sla.breached',
          'sla.at-risk',
          'anomaly.detected',
        ],
        filters: { nodeIds: [node], processDefinitionKeys: [processKey] },
      }),
    });
    receiver.secret = ((await created.json()) as { secret: string }).secret;
  }, 120_000);

  afterAll(async () => {
    await receiver?.stop();
    await sut.stop();
  }, 60_000);

  it('tracks a node going down and up: status, alert raised and auto-resolved, node.down / node.up webhooks', async () => {
    await sut.publisher.publish('camunda.node.status.v1', nodeStatus(node, 'up', 'unknown'), {
      nodeId: node,
    });
    await sut.publisher.publish('analysis.health.v1', healthScore('node', node, 88), { nodeId: node });
    const down = await sut.publisher.publish('camunda.node.status.v1', nodeStatus(node, 'down', 'up'), {
      nodeId: node,
    });

    const alert = await waitFor('the node-down alert', async () => {
      const page = await get<{ data: (Alert & { nodeId: string })[] }>(
        `/alerts?kind=node-down&nodeId=${node}`,
      );
      return page.data[0];
    });
    // Health scores come on their own topic; a running analyzer may re-score the node from the same facts.
    const scored = await waitFor('the node with its health score', async () => {
      const nodes = await get<{
        data: { nodeId: string; status: string; health: { score: number } | null }[];
      }>('/nodes');
      return nodes.data.find((n) => n.nodeId === node && n.health);
    });
    expect(scored).toMatchObject({ status: 'down', health: { score: expect.any(Number) } });

    const acknowledged = await gateway.api(`/alerts/${alert.id}/acknowledge`, adminKey, {
      method: 'POST',
      body: JSON.stringify({ note: 'on it' }),
    });
    expect(await acknowledged.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: expect.stringContaining('bootstrap admin'),
    });

    await sut.publisher.publish('camunda.node.status.v1', nodeStatus(node, 'up', 'down'), { nodeId: node });
    await waitFor(
      'the alert to resolve itself',
      async () => (await get<Alert>(`/alerts/${alert.id}`)).status === 'resolved',
    );
    await waitFor(
      'node.down and node.up webhooks',
      () => receiver.distinctIds('node.down').size === 1 && receiver.distinctIds('node.up').size === 1,
    );

    expect([...receiver.distinctIds('node.down')]).toEqual([down.eventId]);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  }, 60_000);

  it('counts started and completed instances once each and notifies process.completed for the filtered definition only', async () => {
    const instances = Array.from({ length: 3 }, () => randomUUID());
    const started = (id: string) => ({
      processInstanceId: id,
      processDefinitionId: `${processKey}:1:x`,
      processDefinitionKey: processKey,
      businessKey: null,
      startedAt: new Date().toISOString(),
    });
    const completed = (id: string, durationMs: number, key = processKey) => ({
      ...started(id),
      processDefinitionKey: key,
      state: 'COMPLETED',
      endedAt: new Date().toISOString(),
      durationMs,
    });
    for (const id of instances)
      await sut.publisher.publish('camunda.process.started.v1', started(id), { nodeId: node });
    const done = await sut.publisher.publishMany('camunda.process.completed.v1', [
      { payload: completed(instances[0], 1_000), options: { nodeId: node } },
      { payload: completed(instances[1], 3_000), options: { nodeId: node } },
    ]);
    const other = await sut.publisher.publish(
      'camunda.process.completed.v1',
      completed(randomUUID(), 5, `other-${run}`),
      { nodeId: node },
    );
    // The same event again (a redelivery): nothing is counted twice.
    await sut.publisher.publishMany('camunda.process.completed.v1', [
      { payload: completed(instances[0], 1_000), options: { nodeId: node, eventId: done[0].eventId } },
    ]);

    const stats = await waitFor('the statistics', async () => {
      const page = await get<{
        data: {
          started: number;
          completed: number;
          running: number;
          averageDurationMs: number;
          maxDurationMs: number;
        }[];
      }>(`/processes/statistics?processDefinitionKey=${processKey}`);
      return page.data[0]?.completed === 2 && page.data[0].started === 3 ? page.data[0] : undefined;
    });
    await waitFor('process.completed webhooks', () => receiver.distinctIds('process.completed').size === 2);

    expect(stats).toMatchObject({
      started: 3,
      completed: 2,
      running: 1,
      averageDurationMs: 2_000,
      maxDurationMs: 3_000,
    });
    expect(receiver.distinctIds('process.completed').has(other.eventId)).toBe(false);
  }, 60_000);

  it('serves SLA alerts and anomalies, raises alerts and notifies sla.* and anomaly.detected', async () => {
    const atRisk = { ...slaAlert(node, 'at-risk', 'Approve', 0.85), processDefinitionKey: processKey };
    const breached = {
      ...atRisk,
      state: 'breached' as const,
      shareOfTarget: 1.1,
      detectedAt: new Date(Date.now() + 1_000).toISOString(),
    };
    await sut.publisher.publish('analysis.sla.v1', atRisk, { nodeId: node });
    await sut.publisher.publish('analysis.sla.v1', breached, { nodeId: node });
    await sut.publisher.publish(
      'analysis.anomaly.v1',
      { ...anomaly(node, 7.5, 1), processDefinitionKey: processKey },
      { nodeId: node },
    );

    const sla = await waitFor('both SLA states', async () => {
      const page = await get<{ data: { state: string }[] }>(`/sla?nodeId=${node}&sort=detectedAt`);
      return page.data.length === 2 ? page.data : undefined;
    });
    await waitFor('sla and anomaly webhooks', () =>
      ['sla.at-risk', 'sla.breached', 'anomaly.detected'].every((t) => receiver.distinctIds(t).size === 1),
    );
    const alerts = await get<{ data: Alert[] }>(
      `/alerts?nodeId=${node}&kind=sla-at-risk,sla-breached,anomaly&sort=kind`,
    );
    const anomalies = await get<{ data: { zScore: number; severity: string }[] }>(
      `/anomalies?nodeId=${node}`,
    );

    expect(sla.map((s) => s.state)).toEqual(['at-risk', 'breached']);
    expect(alerts.data.map((a) => [a.kind, a.status, a.severity])).toEqual([
      ['anomaly', 'open', 'critical'],
      ['sla-at-risk', 'resolved', 'warning'],
      ['sla-breached', 'open', 'critical'],
    ]);
    expect(anomalies.data).toEqual([expect.objectContaining({ zScore: 7.5, severity: 'critical' })]);
  }, 60_000);

  it('ranks job-failure risks and raises one alert per high-risk activity however often the report repeats', async () => {
    const report = (computedAt: string) => ({
      nodeName: node,
      windowDays: 7,
      horizonDays: 7,
      computedAt,
      entries: [
        {
          processDefinitionKey: processKey,
          activityId: 'charge',
          failures: 40,
          completions: 60,
          failureRate: 0.4,
          trendPerDay: 0.03,
          trend: 'rising' as const,
          projectedRate: 0.61,
          riskScore: 61,
          level: 'high' as const,
        },
        {
          processDefinitionKey: processKey,
          activityId: 'notify',
          failures: 2,
          completions: 98,
          failureRate: 0.02,
          trendPerDay: 0,
          trend: 'stable' as const,
          projectedRate: 0.02,
          riskScore: 2,
          level: 'low' as const,
        },
      ],
    });
    await sut.publisher.publish('analysis.job-failure-risk.v1', report(new Date().toISOString()), {
      nodeId: node,
    });
    await sut.publisher.publish(
      'analysis.job-failure-risk.v1',
      report(new Date(Date.now() + 1_000).toISOString()),
      { nodeId: node },
    );

    const risks = await waitFor('the second report', async () => {
      const page = await get<{ data: { activityId: string; level: string; computedAt: string }[] }>(
        `/job-failure-risks?nodeId=${node}`,
      );
      return page.data.length === 2 && Date.parse(page.data[0].computedAt) > Date.now() - 500
        ? page.data
        : undefined;
    });
    const alerts = await get<{ data: Alert[] }>(`/alerts?nodeId=${node}&kind=job-failure-risk`);

    expect(risks.map((r) => [r.activityId, r.level])).toEqual([
      ['charge', 'high'],
      ['notify', 'low'],
    ]);
    expect(alerts.data.map((a) => [a.kind, a.status])).toEqual([['job-failure-risk', 'open']]);
  }, 60_000);
});
