import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { psql } from '@flowpilot/shared/testing';
import { GatewayUnderTest } from '../support/gateway-under-test';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The SSRF guard through the real gateway, with no allow list: every way of
 * spelling a private, loopback or link-local target is refused when a
 * subscription is created or updated, and a subscription whose name points at
 * private space by the time it is delivered (stored earlier, DNS changed
 * since) is refused at send time without a byte reaching the target.
 * Only loopback is ever contacted: the other addresses are refused before any
 * connection, which is what the tests assert.
 */

const REFUSED_TARGETS: Record<string, string> = {
  'loopback IPv4': 'http://127.0.0.1:9/hooks',
  'loopback elsewhere in 127/8': 'http://127.10.20.30/hooks',
  'localhost by name': 'http://localhost:9/hooks',
  'localhost with a trailing dot': 'http://localhost.:9/hooks',
  'a subdomain of localhost': 'http://hooks.localhost/x',
  'cloud metadata': 'http://169.254.169.254/latest/meta-data/',
  'GCP metadata by name': 'http://metadata.google.internal/computeMetadata/v1/',
  'an *.internal name': 'http://billing.corp.internal/hooks',
  '10/8': 'http://10.0.0.1/hooks',
  '172.16/12 low end': 'http://172.16.0.1/hooks',
  '172.16/12 high end': 'http://172.31.255.254/hooks',
  '192.168/16': 'http://192.168.1.10/hooks',
  'CGNAT 100.64/10': 'http://100.64.0.1/hooks',
  'this network 0/8': 'http://0.0.0.0:9/hooks',
  'IPv6 loopback': 'http://[::1]:9/hooks',
  'IPv6 unspecified': 'http://[::]:9/hooks',
  'IPv4-mapped IPv6 loopback': 'http://[::ffff:127.0.0.1]:9/hooks',
  'IPv4-mapped IPv6 metadata (hex form)': 'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
  'IPv4-mapped IPv6 10/8': 'http://[::ffff:10.0.0.1]/hooks',
  'NAT64 of the metadata address': 'http://[64:ff9b::a9fe:a9fe]/',
  '6to4 of loopback': 'http://[2002:7f00:1::]/',
  'IPv6 unique local': 'http://[fd00::1]/hooks',
  'IPv6 link-local': 'http://[fe80::1]/hooks',
  'decimal loopback': 'http://2130706433/hooks',
  'hex loopback': 'http://0x7f000001/hooks',
  'dotted hex loopback': 'http://0x7f.1/hooks',
  'octal loopback': 'http://0177.0.0.1/hooks',
  'short loopback': 'http://127.1/hooks',
  'decimal metadata': 'http://2852039166/latest/meta-data/',
  'file scheme': 'file:///etc/passwd',
  'ftp scheme': 'ftp://example.com/hooks',
  'gopher scheme': 'gopher://127.0.0.1:6379/_INFO',
  'javascript scheme': 'javascript:alert(1)',
  'credentials in the URL': 'https://integrator:hunter2@example.com/hooks',
  'a user name alone in the URL': 'https://integrator@example.com/hooks',
};

// A new gateway replays every shared topic while these tests run; on the CI machine that can keep a
// delivery waiting past a short budget before its guard answers. The assertions are about the refusal.
const gateway = new GatewayUnderTest({ WEBHOOK_TIMEOUT_MS: '10000' }, 'ssrf');

/**
 * A subscription written straight to the database, as if it had been saved
 * while its name still resolved to a public address (or before the allow list
 * changed): only the delivery-time check stands between it and the target.
 */
function storedSubscription(url: string, { active = true } = {}): string {
  const id = randomUUID();
  psql(
    `INSERT INTO gateway.webhook_subscriptions (id, url, events, secret, active)
     VALUES ('${id}', '${url.replace(/'/g, "''")}', '{incident.opened}', 'whsec_ssrf_${id}', ${active})`,
    gateway.database,
  );
  return id;
}

/**
 * A name that is on no block list yet resolves to loopback: the machine's own host name (in /etc/hosts
 * here and in CI), standing in for a public name whose DNS answer was changed to a private address.
 * Only loopback answers qualify, so a guard that failed would reach nothing but this machine.
 */
async function nameResolvingToLoopback(): Promise<string> {
  for (const name of [hostname(), 'localhost.']) {
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length > 0 && addresses.every((a) => a.address.startsWith('127.'))) return name;
  }
  throw new Error(`neither ${hostname()} nor localhost. resolves only to 127/8 on this machine`);
}

describe('SSRF guard through the real gateway', () => {
  const receiver = new WebhookReceiver();
  let receiverUrl = '';
  let rebindingName = '';

  beforeAll(async () => {
    rebindingName = await nameResolvingToLoopback();
    receiverUrl = await receiver.start();
    await gateway.start();
  }, 180_000);

  afterAll(async () => {
    await gateway.stop();
    await receiver.stop();
  }, 60_000);

  it('refuses every private, loopback, link-local, non-http or credentialed target on create, with a reason', async () => {
    const answers: Record<string, string> = {};
    for (const [label, url] of Object.entries(REFUSED_TARGETS)) {
      const response = await gateway.request('POST', '/api/v1/webhooks', {
        body: { url, events: ['incident.opened'] },
      });
      const body = (await response.json()) as { code?: string; message?: string };
      answers[label] = `${response.status} ${body.message ? 'with a reason' : 'without a reason'}`;
    }

    expect(answers).toEqual(
      Object.fromEntries(Object.keys(REFUSED_TARGETS).map((label) => [label, '400 with a reason'])),
    );
  }, 120_000);

  it('names the private address space as the reason for an address target', async () => {
    const response = await gateway.request('POST', '/api/v1/webhooks', {
      body: { url: REFUSED_TARGETS['cloud metadata'], events: ['incident.opened'] },
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'target_not_allowed',
      message: expect.stringContaining('link-local'),
    });
  }, 30_000);

  it('refuses the same targets when a subscription is updated, and leaves it unchanged', async () => {
    // Paused, so the incidents this gateway replays are not sent to a public name while the other
    // cases run: on a machine without outside DNS each such lookup can hang for seconds.
    const id = storedSubscription('https://hooks.example.com/flowpilot', { active: false });
    const statuses: Record<string, number> = {};
    for (const [label, url] of Object.entries(REFUSED_TARGETS)) {
      const response = await gateway.request('PATCH', `/api/v1/webhooks/${id}`, { body: { url } });
      statuses[label] = response.status;
    }

    expect(statuses).toEqual(Object.fromEntries(Object.keys(REFUSED_TARGETS).map((label) => [label, 400])));
    expect(psql(`SELECT url FROM gateway.webhook_subscriptions WHERE id = '${id}'`, gateway.database)).toBe(
      'https://hooks.example.com/flowpilot',
    );
  }, 120_000);

  it('refuses on create a name that is on no block list but resolves to loopback', async () => {
    const response = await gateway.request('POST', '/api/v1/webhooks', {
      body: { url: `http://${rebindingName}:9/hooks`, events: ['incident.opened'] },
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining('loopback') });
  }, 30_000);

  it.each([
    [
      'a name that resolves to loopback now (DNS rebinding)',
      (port: string) => `http://${rebindingName}:${port}/hooks`,
    ],
    ['a loopback address no longer allowed', (port: string) => `http://127.0.0.1:${port}/hooks`],
    ['a decimal loopback address', (port: string) => `http://2130706433:${port}/hooks`],
  ])(
    'refuses at delivery time %s, and nothing reaches the target',
    async (_label, target) => {
      const port = new URL(receiverUrl).port;
      const id = storedSubscription(target(port));

      const response = await gateway.request('POST', `/api/v1/webhooks/${id}/test`);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        delivered: false,
        statusCode: null,
        error: expect.stringMatching(/private, loopback or link-local/),
      });
      expect(receiver.received).toEqual([]);
      // A delivery attempt may take up to WEBHOOK_TIMEOUT_MS (10 s above) before the guard's answer is recorded.
    },
    30_000,
  );
});
