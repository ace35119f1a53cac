import { displayPrefix, generateApiKey, hashApiKey, presentedKey, sameHash } from './api-key.util';

describe('API key helpers', () => {
  it('generates distinct high-entropy keys', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateApiKey()));

    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^fp_[A-Za-z0-9_-]{43}$/);
  });

  it('hashes with SHA-256 (vector from sha256sum) and compares hashes exactly', () => {
    const sut = hashApiKey('fp_example');

    expect(sut.toString('hex')).toBe('ac76e6bc6ee7bb43d000fdae3f9a12361b040b09a285b0ae0ff32a5ca81e103c');
    expect(sameHash(sut, hashApiKey('fp_example'))).toBe(true);
    expect(sameHash(sut, hashApiKey('fp_examplf'))).toBe(false);
    expect(sameHash(sut, Buffer.alloc(3))).toBe(false);
  });

  it('shows at most a third of a key as its prefix', () => {
    expect(displayPrefix('fp_abcdefghijklmnopqrstuvwxyz')).toBe('fp_abcdef');
    expect(displayPrefix('short-key-123456')).toBe('short');
  });

  it.each([
    [{ 'x-api-key': ' k1 ' }, 'k1'],
    [{ authorization: 'Bearer k2' }, 'k2'],
    [{ authorization: 'bearer   k3 ' }, 'k3'],
    [{ 'x-api-key': 'k4', authorization: 'Bearer k5' }, 'k4'],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, null],
    [{ 'x-api-key': '' }, null],
    [{}, null],
  ])('reads the key from %p', (headers, expected) => {
    expect(presentedKey(headers)).toBe(expected);
  });
});
