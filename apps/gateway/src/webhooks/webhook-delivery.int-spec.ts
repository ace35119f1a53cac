import { waitFor } from '../../../../test/support/wait-for';
import { incidentOpened, incidentResolved } from '../../test/live-payloads';
import { GatewayUnderTest } from '../../test/gateway-under-test';
import { RecordingReceiver } from '../../test/recording-receiver';

/**
 * Webhooks through the real stack: facts on Kafka → outbox in PostgreSQL →
 * signed POSTs to a loopback receiver that is down, slow or failing, and a
 * gateway killed mid-delivery.
 */
const sut = new GatewayUnderTest('hooks', {
  env: {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_INITIAL_DELAY_MS: '200',
    WEBHOOK_RETRY_MAX_DELAY_MS: '1000',
    WEBHOOK_POLL_INTERVAL_MS: '100',
    WEBHOOK_TIMEOUT_MS: '1500',
    WEBHOOK_CONCURRENCY: '4',
  },
});
const { run, adminKey, gateway } = sut;
const nodeId = `hooks-node-${run}`;

interface Delivery {
  id: string;
  eventId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  log?: { statusCode: number | null; outcome: string; error: string | null; latencyMs: number }[];
}
interface Page<T> {
  data: T[];
  page: { total: number };
}

describe('webhook delivery (real Kafka + PostgreSQL)', () => {
  const receivers: RecordingReceiver[] = [];

  const json = async <T>(path: string, init: RequestInit = {}): Promise<T> =>
    (await gateway.api(path, adminKey, init)).json() as Promise<T>;

  async function subscribe(
    receiver: RecordingReceiver,
    events: string[],
    nodeIds = [nodeId],
  ): Promise<string> {
    const response = await gateway.api('/webhooks', adminKey, {
      method: 'POST',
      body: JSON.stringify({ url: receiver.url, events, filters: { nodeIds } }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; secret: string };
    receiver.secret = created.secret;
    return created.id;
  }

  async function publishOpened(count: number, node = nodeId): Promise<string[]> {
    const envelopes = await sut.publisher.publishMany(
      'camunda.incident.opened.v1',
      Array.from({ length: count }, () => ({ payload: incidentOpened(), options: { nodeId: node } })),
    );
    return envelopes.map((e) => e.eventId);
  }

  beforeAll(() => sut.start(), 120_000);

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await sut.stop();
  }, 60_000);

  it('delivers every event to a receiver that was down and came back, each signed, duplicates only by id', async () => {
    const receiver = await RecordingReceiver.create();
    receivers.push(receiver);
    const webhookId = await subscribe(receiver, ['incident.opened']);
    const ids = await publishOpened(10);
    const otherNode = await publishOpened(2, `elsewhere-${run}`);

    await waitFor(
      'failed attempts while the receiver is down',
      async () => {
        const page = await json<Page<Delivery>>(`/webhooks/${webhookId}/deliveries?status=pending`);
        return page.page.total === 10 && page.data.every((d) => d.attempts >= 2);
      },
      { timeoutMs: 30_000 },
    );
    await receiver.start();
    await waitFor('all ten events at the receiver', () => receiver.distinctIds().size === 10, {
      timeoutMs: 30_000,
    });

    expect([...receiver.distinctIds()].sort()).toEqual([...ids].sort());
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    expect(receiver.received.some((r) => otherNode.includes(r.body.id))).toBe(false);
    const sample = receiver.received[0];
    expect(sample.headers).toMatchObject({
      'content-type': 'application/json',
      'x-flowpilot-event': 'incident.opened',
      'idempotency-key': sample.body.id,
    });
    expect(sample.headers['x-flowpilot-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sample.body).toMatchObject({ type: 'incident.opened', version: 1, data: { nodeId } });

    const delivered = await waitFor('the delivery log to show delivered', async () => {
      const page = await json<Page<Delivery>>(`/webhooks/${webhookId}/deliveries?status=delivered`);
      return page.page.total === 10 ? page : undefined;
    });
    const detail = await json<Delivery>(`/webhooks/${webhookId}/deliveries/${delivered.data[0].id}`);
    expect(detail.log!.length).toBeGreaterThanOrEqual(3);
    expect(
      detail
        .log!.slice(0, -1)
        .every((a) => a.outcome === 'retry-scheduled' && a.statusCode === null && a.error),
    ).toBe(true);
    expect(detail.log!.at(-1)).toMatchObject({ outcome: 'delivered', statusCode: 204 });
  }, 90_000);

  it('loses nothing when the gateway is killed mid-delivery', async () => {
    const receiver = await RecordingReceiver.create();
    receivers.push(receiver);
    receiver.delayMs = 400;
    await receiver.start();
    await subscribe(receiver, ['incident.opened']);
    const ids = await publishOpened(20);

    await waitFor('deliveries under way', () => receiver.received.length >= 2, { timeoutMs: 30_000 });
    await gateway.stop('SIGKILL');
    const beforeRestart = receiver.distinctIds().size;
    await gateway.start();
    await waitFor('all twenty events after the restart', () => receiver.distinctIds().size === 20, {
      timeoutMs: 60_000,
    });

    expect(beforeRestart).toBeLessThan(20);
    expect([...receiver.distinctIds()].sort()).toEqual([...ids].sort());
    expect(receiver.received.every((r) => ids.includes(r.body.id) && r.signatureValid)).toBe(true);
  }, 120_000);

  it('dead-letters after WEBHOOK_MAX_AGE_MS, shows it, and redelivers it on request', async () => {
    await gateway.stop();
    await gateway.start({ WEBHOOK_MAX_AGE_MS: '1500' });
    const receiver = await RecordingReceiver.create();
    receivers.push(receiver);
    receiver.failWith = 503;
    await receiver.start();
    const webhookId = await subscribe(receiver, ['incident.resolved']);
    const opened = incidentOpened();
    const { eventId } = await sut.publisher.publish(
      'camunda.incident.resolved.v1',
      incidentResolved(opened),
      {
        nodeId,
      },
    );

    const dead = await waitFor(
      'the dead letter',
      async () => {
        const page = await json<Page<Delivery>>(
          `/webhooks/deliveries?status=dead&eventType=incident.resolved`,
        );
        return page.data.find((d) => d.eventId === eventId);
      },
      { timeoutMs: 30_000 },
    );
    expect(dead.lastStatusCode).toBe(503);

    receiver.failWith = null;
    const requeued = await gateway.api(`/webhooks/${webhookId}/deliveries/${dead.id}/redeliver`, adminKey, {
      method: 'POST',
    });
    expect(requeued.status).toBe(202);
    const got = await waitFor(
      'the redelivered event',
      () => receiver.received.find((r) => r.body.id === eventId),
      { timeoutMs: 30_000 },
    );

    expect(got.headers['x-flowpilot-delivery']).toBe(dead.id);
    expect(got.headers['idempotency-key']).toBe(eventId);
    expect(got.signatureValid).toBe(true);
  }, 90_000);

  it('sends a signed test ping and reports the answer', async () => {
    const receiver = await RecordingReceiver.create();
    receivers.push(receiver);
    await receiver.start();
    const webhookId = await subscribe(receiver, ['node.down']);

    const ping = await json<{ delivered: boolean; statusCode: number; eventId: string }>(
      `/webhooks/${webhookId}/test`,
      { method: 'POST' },
    );

    expect(ping).toMatchObject({ delivered: true, statusCode: 204 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      signatureValid: true,
      body: { id: ping.eventId, type: 'webhook.ping' },
    });
  }, 30_000);

  it('pauses, changes and deletes subscriptions: a paused one gets nothing while an active one is served', async () => {
    const node = `crud-${run}`;
    const active = await RecordingReceiver.create();
    const paused = await RecordingReceiver.create();
    receivers.push(active, paused);
    await Promise.all([active.start(), paused.start()]);
    await subscribe(active, ['incident.opened'], [node]);
    const pausedId = await subscribe(paused, ['incident.opened'], [node]);

    const patched = await gateway.api(`/webhooks/${pausedId}`, adminKey, {
      method: 'PATCH',
      body: JSON.stringify({ active: false, description: 'paused' }),
    });
    const pausedView = (await patched.json()) as Record<string, unknown>;
    expect(pausedView).toMatchObject({ id: pausedId, active: false, description: 'paused' });
    expect(pausedView).not.toHaveProperty('secret');
    const [eventId] = await publishOpened(1, node);
    await waitFor('the active subscriber', () => active.distinctIds().has(eventId));
    const pausedLog = await json<Page<Delivery>>(`/webhooks/${pausedId}/deliveries`);

    const changed = await json<{
      events: string[];
      filters: { nodeIds: string[]; processDefinitionKeys: string[] };
    }>(`/webhooks/${pausedId}`, {
      method: 'PATCH',
      body: JSON.stringify({
        active: true,
        events: ['incident.resolved'],
        filters: { processDefinitionKeys: ['invoice'] },
      }),
    });
    const removed = await gateway.api(`/webhooks/${pausedId}`, adminKey, { method: 'DELETE' });
    const afterDelete = await gateway.api(`/webhooks/${pausedId}`, adminKey);

    expect(paused.received).toHaveLength(0);
    expect(pausedLog.page.total).toBe(0);
    expect(changed).toMatchObject({
      events: ['incident.resolved'],
      filters: { nodeIds: [node], processDefinitionKeys: ['invoice'] },
    });
    expect(removed.status).toBe(204);
    expect(afterDelete.status).toBe(404);
  }, 60_000);
});
