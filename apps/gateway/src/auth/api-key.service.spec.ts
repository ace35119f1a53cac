import { AppLogger } from '@flowpilot/shared';
import { ApiKeyRecord } from './api-key.repository';
import { ApiKeyService, ApiKeyStore } from './api-key.service';
import { hashApiKey } from './api-key.util';

const KEY = 'fp_service_spec_key_0123456789abcdef';

function record(): ApiKeyRecord {
  return {
    id: 'key-1',
    name: 'spec',
    keyHash: hashApiKey(KEY),
    keyPrefix: 'fp_serv',
    scopes: ['read'],
    createdAt: new Date(),
    lastUsedAt: null,
    revokedAt: null,
  };
}

const notUsedHere = () => Promise.reject(new Error('authenticate does not call this'));

function repositoryWhoseTouchFails(error: Error): { repository: ApiKeyStore; touches: () => number } {
  let touches = 0;
  const repository: ApiKeyStore = {
    findByHash: async () => record(),
    touch: async () => {
      touches += 1;
      throw error;
    },
    insert: notUsedHere,
    insertIfAbsent: notUsedHere,
    revoke: notUsedHere,
    list: notUsedHere,
    findById: notUsedHere,
  };
  return { repository, touches: () => touches };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ApiKeyService.authenticate', () => {
  it('authenticates a valid key even when recording its last use fails, and logs the failure redacted', async () => {
    const lines: string[] = [];
    const { repository } = repositoryWhoseTouchFails(
      new Error('connect ECONNREFUSED postgres://flowpilot:db-password-in-url@db:5432/flowpilot'),
    );
    const sut = new ApiKeyService(repository, new AppLogger('gateway', 'info', (line) => lines.push(line)));

    const principal = await sut.authenticate(KEY);
    await flush();

    expect(principal).toEqual({ id: 'key-1', name: 'spec', scopes: ['read'] });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      msg: 'could not record the API key last use',
      apiKeyId: 'key-1',
    });
    expect(lines[0]).not.toContain('db-password-in-url');
  });

  it('tries to record the last use again after a failed write instead of waiting for the next interval', async () => {
    const { repository, touches } = repositoryWhoseTouchFails(new Error('database is down'));
    const sut = new ApiKeyService(repository, new AppLogger('gateway', 'error', () => undefined));

    await sut.authenticate(KEY, 100_000);
    await flush();
    // Past the authentication cache, inside the touch interval: only a failed write is retried this soon.
    await sut.authenticate(KEY, 120_000);
    await flush();

    expect(touches()).toBe(2);
  });
});
