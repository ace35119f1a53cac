import { signatureHeader, verifySignature } from './webhook-signature.util';

const secret = 'whsec_test_secret_0123456789';
const body = '{"id":"e1"}';

describe('webhook signature', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 (vector computed with openssl dgst -hmac)', () => {
    const sut = signatureHeader(secret, body, 1_700_000_000);

    expect(sut).toBe('t=1700000000,v1=8eb6f4d5727e88e6b41d457858f44f5111bfe1cc327fbbcc7a1cf9275b502092');
  });

  it('accepts its own signature within the tolerance', () => {
    const header = signatureHeader(secret, body, 1_700_000_000);

    expect(
      verifySignature(secret, body, header, { toleranceSeconds: 300, nowSeconds: 1_700_000_299 }),
    ).toEqual({ ok: true, timestamp: 1_700_000_000 });
  });

  it('rejects a replay outside the tolerance, in either direction', () => {
    const header = signatureHeader(secret, body, 1_700_000_000);

    expect(
      verifySignature(secret, body, header, { toleranceSeconds: 300, nowSeconds: 1_700_000_301 }),
    ).toEqual({ ok: false, reason: 'stale' });
    expect(
      verifySignature(secret, body, header, { toleranceSeconds: 300, nowSeconds: 1_699_999_699 }),
    ).toEqual({ ok: false, reason: 'stale' });
  });

  it('rejects a changed body, a wrong secret and a moved timestamp', () => {
    const header = signatureHeader(secret, body, 1_700_000_000);
    const options = { toleranceSeconds: 300, nowSeconds: 1_700_000_000 };

    expect(verifySignature(secret, '{"id":"e2"}', header, options)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature('another-secret-0123456789', body, header, options)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(secret, body, header.replace('t=1700000000', 't=1700000001'), options)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it.each(['', 't=1700000000', 'v1=abc', 't=x,v1=' + 'a'.repeat(64), 't=1700000000,v1=zz'])(
    'rejects the malformed header %p',
    (header) => {
      expect(
        verifySignature(secret, body, header, { toleranceSeconds: 300, nowSeconds: 1_700_000_000 }),
      ).toEqual({ ok: false, reason: 'malformed' });
    },
  );
});
