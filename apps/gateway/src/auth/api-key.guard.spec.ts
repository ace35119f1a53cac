import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api-error';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyPrincipal } from './api-key.service';
import { RateLimiter } from './rate-limiter';
import { Scope } from './scopes';

const principals: Record<string, ApiKeyPrincipal> = {
  'reader-key': { id: 'r', name: 'reader', scopes: ['read'] },
  'writer-key': { id: 'w', name: 'writer', scopes: ['write'] },
};
const keys = { authenticate: async (key: string) => principals[key] ?? null };

function context(
  path: string,
  headers: Record<string, string>,
  scope?: Scope,
): { ctx: ExecutionContext; responseHeaders: Record<string, string> } {
  const responseHeaders: Record<string, string> = {};
  const handler = () => undefined;
  if (scope) Reflect.defineMetadata('flowpilot:required-scope', scope, handler);
  // Nest's ExecutionContext has generic getters a plain object cannot type; the guard reads only these members.
  const ctx = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({
      getRequest: () => ({ path, headers }),
      getResponse: () => ({ setHeader: (name: string, value: string) => (responseHeaders[name] = value) }),
    }),
  } as unknown as ExecutionContext;
  return { ctx, responseHeaders };
}

async function outcome(sut: ApiKeyGuard, ctx: ExecutionContext): Promise<number | boolean> {
  try {
    return await sut.canActivate(ctx);
  } catch (error) {
    return (error as ApiError).getStatus();
  }
}

describe('ApiKeyGuard', () => {
  const sut = new ApiKeyGuard(
    new Reflector(),
    keys,
    new RateLimiter({ requestsPerMinute: 60_000, burst: 1_000 }),
  );

  it('lets public routes through without a key', async () => {
    expect(await outcome(sut, context('/health/live', {}).ctx)).toBe(true);
  });

  it('answers 401 without a key and for an unknown key', async () => {
    expect(await outcome(sut, context('/api/v1/incidents', {}, 'read').ctx)).toBe(401);
    expect(await outcome(sut, context('/api/v1/incidents', { 'x-api-key': 'nope' }, 'read').ctx)).toBe(401);
  });

  it('answers 403 when the scope is too small, and passes when it suffices', async () => {
    expect(await outcome(sut, context('/api/v1/webhooks', { 'x-api-key': 'reader-key' }, 'write').ctx)).toBe(
      403,
    );
    expect(
      await outcome(sut, context('/api/v1/webhooks', { authorization: 'Bearer writer-key' }, 'write').ctx),
    ).toBe(true);
    expect(await outcome(sut, context('/api/v1/incidents', { 'x-api-key': 'writer-key' }, 'read').ctx)).toBe(
      true,
    );
  });

  it('requires admin on an /api route that declares no scope (fails closed)', async () => {
    expect(await outcome(sut, context('/api/v1/forgotten', { 'x-api-key': 'writer-key' }).ctx)).toBe(403);
  });

  it('answers 429 with Retry-After once the key is over its rate', async () => {
    const limited = new ApiKeyGuard(
      new Reflector(),
      keys,
      new RateLimiter({ requestsPerMinute: 60, burst: 2 }),
    );
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        await outcome(limited, context('/api/v1/incidents', { 'x-api-key': 'reader-key' }, 'read').ctx),
      );

    let retryAfter: string | undefined;
    try {
      await limited.canActivate(context('/api/v1/incidents', { 'x-api-key': 'reader-key' }, 'read').ctx);
    } catch (error) {
      retryAfter = (error as ApiError).headers['Retry-After'];
    }

    expect(statuses).toEqual([true, true, 429]);
    expect(retryAfter).toBe('1');
  });
});
