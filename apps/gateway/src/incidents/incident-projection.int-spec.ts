import { waitFor } from '../../../../test/support/wait-for';
import { incidentAnalyzed, incidentOpened, incidentResolved } from '../../test/live-payloads';
import { GatewayUnderTest } from '../../test/gateway-under-test';

/** Facts published on the real Kafka become the incident read model served over REST (real PostgreSQL). */
const sut = new GatewayUnderTest('proj');
const { run, adminKey, gateway } = sut;
const nodeId = `it-node-${run}`;

interface IncidentBody {
  incidentId: string;
  nodeId: string;
  status: string;
  openedAt: string | null;
  resolvedAt: string | null;
  message: string | null;
  analysis: { family: string; rootCause: string } | null;
}

describe('incident read model (real Kafka + PostgreSQL)', () => {
  const incident = async (incidentId: string): Promise<IncidentBody | undefined> => {
    const response = await gateway.api(`/incidents/${nodeId}/${incidentId}`, adminKey);
    return response.status === 200 ? ((await response.json()) as IncidentBody) : undefined;
  };

  const page = async (query: string) =>
    (await (await gateway.api(`/incidents?${query}`, adminKey)).json()) as {
      data: IncidentBody[];
      page: { limit: number; offset: number; total: number };
    };

  beforeAll(() => sut.start(), 120_000);
  afterAll(() => sut.stop(), 60_000);

  it('merges the opened fact and its analysis when the analysis arrives first', async () => {
    const opened = incidentOpened();
    await sut.publisher.publish('incident.analysis.v1', incidentAnalyzed(opened), { nodeId });
    const early = await waitFor('the analysis-only incident', () => incident(opened.incidentId));
    expect(early).toMatchObject({ status: 'open', openedAt: null, analysis: { family: 'missing-variable' } });

    await sut.publisher.publish('camunda.incident.opened.v1', opened, { nodeId });

    const merged = await waitFor('the opened fact', async () => {
      const found = await incident(opened.incidentId);
      return found?.openedAt ? found : undefined;
    });
    expect(merged).toMatchObject({
      nodeId,
      status: 'open',
      message: opened.message,
      openedAt: new Date(opened.createdAt).toISOString(),
      analysis: { family: 'missing-variable' },
    });
  }, 60_000);

  it('lists, filters and resolves incidents, and keeps a resolved incident resolved', async () => {
    const first = incidentOpened({ processDefinitionKey: `proc-a-${run}` });
    const second = incidentOpened({ processDefinitionKey: `proc-b-${run}` });
    await sut.publisher.publish('camunda.incident.opened.v1', first, { nodeId });
    await sut.publisher.publish('camunda.incident.opened.v1', second, { nodeId });
    await sut.publisher.publish('camunda.incident.resolved.v1', incidentResolved(second), { nodeId });
    // A late analysis of a resolved incident must not reopen it.
    await sut.publisher.publish('incident.analysis.v1', incidentAnalyzed(second, { family: 'timeout' }), {
      nodeId,
    });

    const resolved = await waitFor('the resolved incident with its late analysis', async () => {
      const found = await incident(second.incidentId);
      return found?.status === 'resolved' && found.analysis ? found : undefined;
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(String),
      analysis: { family: 'timeout' },
    });

    const open = await page(`nodeId=${nodeId}&processDefinitionKey=proc-a-${run},proc-b-${run}&status=open`);
    expect(open.data.map((i) => i.incidentId)).toEqual([first.incidentId]);
    expect(open.page).toEqual({ limit: 50, offset: 0, total: 1 });

    const byFamily = await page(`nodeId=${nodeId}&family=timeout`);
    expect(byFamily.data.map((i) => i.incidentId)).toEqual([second.incidentId]);

    const paged = await page(`nodeId=${nodeId}&limit=1&offset=1&sort=openedAt`);
    expect(paged.page.total).toBeGreaterThanOrEqual(3);
    expect(paged.data).toHaveLength(1);
  }, 60_000);

  it('answers 401, 403 and 400 with the error body', async () => {
    const readerResponse = await gateway.api('/api-keys', adminKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'reader', scopes: ['read'] }),
    });
    const reader = (await readerResponse.json()) as { key: string; id: string };

    const unauthenticated = await gateway.api('/incidents', null);
    const forbidden = await gateway.api('/webhooks', reader.key, {
      method: 'POST',
      body: JSON.stringify({ url: 'https://example.com', events: ['incident.opened'] }),
    });
    const invalid = await gateway.api('/incidents?status=closed&limit=201', reader.key);
    await gateway.api(`/api-keys/${reader.id}`, adminKey, { method: 'DELETE' });
    const revoked = await gateway.api('/incidents', reader.key);

    expect(unauthenticated.status).toBe(401);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'forbidden', details: { required: 'write' } });
    expect(invalid.status).toBe(400);
    expect(
      ((await invalid.json()) as { details: { issues: { path: string }[] } }).details.issues
        .map((i) => i.path)
        .sort(),
    ).toEqual(['limit', 'status.0']);
    expect(revoked.status).toBe(401);
  }, 30_000);
});
