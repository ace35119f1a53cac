import { createHmac } from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { verifySignature } from '../../apps/gateway/src/webhooks/webhook-signature.util';
import { GatewayUnderTest } from '../support/gateway-under-test';
import { ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver';

/**
 * A webhook the real gateway delivers verifies against its raw body and the
 * subscription secret, with both verifiers integrators are given: the Node
 * sample in docs/gateway.md (run as written, extracted from the page) and the
 * shipped `verifySignature`. Each rejects a tampered body, a wrong secret, a
 * stale timestamp (replay) and a missing or malformed header.
 */

const TOLERANCE_SECONDS = 300;

type DocVerify = (rawBody: string, header: string | undefined) => string | null;

/** The `verify` function of the documented receiver, evaluated as published, with a clock the test sets. */
function documentedVerifier(secret: string, nowMs: () => number): DocVerify {
  const page = readFileSync(resolve(__dirname, '../../docs/gateway.md'), 'utf8');
  const sample = /```js\n([\s\S]*?)```/g;
  const block = [...page.matchAll(sample)].map((m) => m[1]).find((code) => code.includes('function verify('));
  if (!block) throw new Error('docs/gateway.md has no js sample with function verify(');
  const tolerance = /^const TOLERANCE_SECONDS = .*$/m.exec(block)?.[0];
  const fn = /^function verify\([\s\S]*?^}$/m.exec(block)?.[0];
  if (!tolerance || !fn) throw new Error('the sample lost its TOLERANCE_SECONDS or verify()');
  const clock = { now: nowMs };
  return runInNewContext(`const SECRET = secret;\n${tolerance}\n${fn}\nverify;`, {
    secret,
    crypto: nodeCrypto,
    Buffer,
    Date: clock,
  }) as DocVerify;
}

function tampered(rawBody: string): string {
  const body = JSON.parse(rawBody) as { type: string };
  return JSON.stringify({ ...body, type: `${body.type}-forged` });
}

describe('webhook signatures as an integrator verifies them', () => {
  const gateway = new GatewayUnderTest({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, 'webhook-signature');
  const receiver = new WebhookReceiver();
  let secret = '';
  let delivered: ReceivedWebhook;
  let header: string;
  let signedAtMs: number;

  beforeAll(async () => {
    const url = await receiver.start();
    await gateway.start();
    const created = await gateway.request('POST', '/api/v1/webhooks', {
      body: { url, events: ['incident.opened'] },
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; secret: string };
    secret = subscription.secret;
    const ping = await gateway.request('POST', `/api/v1/webhooks/${subscription.id}/test`);
    expect(await ping.json()).toMatchObject({ delivered: true });
    delivered = receiver.received[0];
    header = delivered.headers['x-flowpilot-signature'] as string;
    signedAtMs = Number(/t=(\d+)/.exec(header)?.[1]) * 1000;
  }, 180_000);

  afterAll(async () => {
    await gateway.stop();
    await receiver.stop();
  }, 60_000);

  it('signs the raw body with the subscription secret in the documented format', () => {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivered.rawBody}`).digest('hex'));
  });

  describe('the sample in docs/gateway.md', () => {
    const at = (ms: number) => documentedVerifier(secret, () => ms);

    it('accepts the delivery as received', () => {
      expect(at(signedAtMs)(delivered.rawBody, header)).toBeNull();
    });

    it('rejects a tampered body, a wrong secret, a replay after the tolerance and a missing header', () => {
      expect(at(signedAtMs)(tampered(delivered.rawBody), header)).toBe('bad signature');
      expect(documentedVerifier(`${secret}x`, () => signedAtMs)(delivered.rawBody, header)).toBe(
        'bad signature',
      );
      expect(at(signedAtMs + (TOLERANCE_SECONDS + 1) * 1000)(delivered.rawBody, header)).toBe(
        'stale timestamp (possible replay)',
      );
      expect(at(signedAtMs)(delivered.rawBody, undefined)).toBe('malformed signature');
      expect(at(signedAtMs)(delivered.rawBody, header.replace(/v1=[0-9a-f]+/, 'v1=abc'))).toBe(
        'malformed signature',
      );
    });
  });

  describe('the shipped verifySignature', () => {
    const nowSeconds = () => signedAtMs / 1000;
    const options = () => ({ toleranceSeconds: TOLERANCE_SECONDS, nowSeconds: nowSeconds() });

    it('accepts the delivery as received', () => {
      expect(verifySignature(secret, delivered.rawBody, header, options())).toEqual({
        ok: true,
        timestamp: nowSeconds(),
      });
    });

    it('rejects a tampered body, a wrong secret, a replay after the tolerance and a missing header', () => {
      expect(verifySignature(secret, tampered(delivered.rawBody), header, options())).toEqual({
        ok: false,
        reason: 'mismatch',
      });
      expect(verifySignature(`${secret}x`, delivered.rawBody, header, options())).toEqual({
        ok: false,
        reason: 'mismatch',
      });
      expect(
        verifySignature(secret, delivered.rawBody, header, {
          toleranceSeconds: TOLERANCE_SECONDS,
          nowSeconds: nowSeconds() + TOLERANCE_SECONDS + 1,
        }),
      ).toEqual({ ok: false, reason: 'stale' });
      expect(verifySignature(secret, delivered.rawBody, '', options())).toEqual({
        ok: false,
        reason: 'malformed',
      });
    });
  });
});
