import { LookupAddress } from 'node:dns';
import { SsrfGuard, SsrfRefusedError } from './ssrf-guard';

const dns: Record<string, LookupAddress[]> = {
  'hooks.example.com': [{ address: '93.184.216.34', family: 4 }],
  'internal.example.com': [{ address: '10.1.2.3', family: 4 }],
  'mixed.example.com': [
    { address: '93.184.216.34', family: 4 },
    { address: '192.168.1.10', family: 4 },
  ],
  'v6.example.com': [{ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }],
  'rebind.example.com': [{ address: '169.254.169.254', family: 4 }],
};
const resolve = async (host: string): Promise<LookupAddress[]> => {
  const found = dns[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found;
};

describe('SsrfGuard', () => {
  const resolver = { resolve };
  const sut = new SsrfGuard({ allowedHosts: [] }, resolver);

  it.each([
    'http://127.0.0.1/hook',
    'http://10.0.0.5/hook',
    'http://172.20.1.1/hook',
    'http://192.168.0.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/hook',
    'http://0.0.0.0/hook',
    'http://[::1]/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://localhost:3000/hook',
    'http://metadata.google.internal/computeMetadata/v1',
    'http://internal.example.com/hook',
    'http://mixed.example.com/hook',
    'http://unknown.example.com/hook',
    'ftp://hooks.example.com/hook',
    'http://user:pass@hooks.example.com/hook',
    'not a url',
  ])('refuses %s', async (url) => {
    await expect(sut.assertAllowed(url)).rejects.toBeInstanceOf(SsrfRefusedError);
  });

  it.each([
    'https://hooks.example.com/hook',
    'http://93.184.216.34:8080/hook',
    'https://v6.example.com/hook',
  ])('allows the public target %s', async (url) => {
    await expect(sut.assertAllowed(url)).resolves.toBeUndefined();
  });

  it('allows private targets named in the allow list by IP, CIDR or host name', async () => {
    const allowing = new SsrfGuard(
      { allowedHosts: ['127.0.0.1', '10.0.0.0/8', 'Internal.Example.com'] },
      resolver,
    );

    await expect(allowing.assertAllowed('http://127.0.0.1:9000/hook')).resolves.toBeUndefined();
    await expect(allowing.assertAllowed('http://10.200.0.1/hook')).resolves.toBeUndefined();
    await expect(allowing.assertAllowed('http://internal.example.com/hook')).resolves.toBeUndefined();
    await expect(allowing.assertAllowed('http://127.0.0.2/hook')).rejects.toBeInstanceOf(SsrfRefusedError);
    await expect(allowing.assertAllowed('http://192.168.0.1/hook')).rejects.toBeInstanceOf(SsrfRefusedError);
  });

  it('checks the address again when the connection resolves the name (DNS rebinding)', async () => {
    const outcome = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      sut.lookup('rebind.example.com', {}, (error, address) => resolve({ error, address })),
    );
    const allowed = await new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) =>
      sut.lookup('hooks.example.com', {}, (error, address, family) => resolve({ error, address, family })),
    );

    expect(outcome.error).toBeInstanceOf(SsrfRefusedError);
    expect(allowed).toEqual({ error: null, address: '93.184.216.34', family: 4 });
  });
});
