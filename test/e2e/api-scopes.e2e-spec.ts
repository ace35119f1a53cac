import { randomBytes, randomUUID } from 'node:crypto';
import { CAMUNDA_NODE_FAMILY, loadConfig } from '@flowpilot/shared';
import {
  REQUIRED_SCOPE,
  REQUIRED_SCOPE_EXTENSION,
} from '../../apps/gateway/src/auth/require-scope.decorator';
import { Scope, SCOPES } from '../../apps/gateway/src/auth/scopes';
import { GatewayConfigSchema } from '../../apps/gateway/src/gateway.config';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';
import { GatewayUnderTest } from '../support/gateway-under-test';
import { nestRoutes } from '../support/nest-routes';

/**
 * Walks every operation of the gateway's own OpenAPI document against the real
 * process: no key, an unknown key and a revoked key → 401; every scope below the
 * declared one → 403; the declared scope → neither. The declared scope is read
 * from `x-required-scope`, which `@RequireScope` writes from the same value the
 * guard enforces, and the document is held against the routes the app's module
 * tree maps, so an undocumented route or one without a scope fails here.
 */

interface Operation {
  parameters?: { name: string; in: string; example?: unknown; schema?: { example?: unknown } }[];
  requestBody?: unknown;
  [REQUIRED_SCOPE_EXTENSION]?: unknown;
}
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

/**
 * Public on purpose, and why. Probes and metrics are scraped by Kubernetes and
 * Prometheus, which carry no API key, and expose no business data (metrics
 * have no per-incident or per-key labels; readiness details are redacted).
 * The docs describe the API, not its data. The dashboard is static HTML/JS
 * that asks the user for a key and calls `/api` with it.
 */
const PUBLIC_OPERATIONS = ['GET /health/live', 'GET /health/startup', 'GET /health/ready'];
/** Public and left out of the document on purpose: Prometheus' text format is not a JSON API. */
const PUBLIC_UNDOCUMENTED = ['GET /metrics'];
/** Served outside the Nest router (Swagger UI and express.static), checked for being public too. */
const PUBLIC_STATIC_PATHS = ['/docs', '/docs-json', '/'];

const RATE_LIMIT = '1000000';
const gateway = new GatewayUnderTest(
  {
    API_RATE_LIMIT_PER_MINUTE: RATE_LIMIT,
    API_RATE_LIMIT_BURST: RATE_LIMIT,
    // No bpmn-generator runs here: a request that passes validation should not wait 30 s for it.
    BPMN_REQUEST_TIMEOUT_MS: '1000',
  },
  'api-scopes',
);
const keys: Record<Scope, string> = { read: '', write: '', admin: '' };
let revokedKey = '';
let document: OpenApiDocument;

function operations(): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
}

/** A concrete URL for a templated path: the documented example, else a well-formed UUID. */
function concretePath(path: string, operation: Operation): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    const example = parameter?.example ?? parameter?.schema?.example;
    return encodeURIComponent(example === undefined ? randomUUID() : String(example));
  });
}

async function issueKey(scopes: Scope[]): Promise<{ id: string; key: string }> {
  const response = await gateway.request('POST', '/api/v1/api-keys', {
    body: { name: `scope-walk ${scopes.join('+')}`, scopes },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

describe('API key scopes on every route', () => {
  beforeAll(async () => {
    await gateway.start();
    for (const scope of SCOPES) keys[scope] = (await issueKey([scope])).key;
    const revoked = await issueKey(['admin']);
    expect((await gateway.request('DELETE', `/api/v1/api-keys/${revoked.id}`)).status).toBe(200);
    revokedKey = revoked.key;
    const response = await gateway.request('GET', '/docs-json', { key: null });
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  }, 180_000);

  afterAll(() => gateway.stop(), 60_000);

  it('documents every route the app maps, each /api operation with the scope its code declares', () => {
    const config = loadConfig(
      'gateway',
      GatewayConfigSchema,
      {
        KAFKA_BROKERS: '127.0.0.1:9092',
        CAMUNDA_NODE_1_NAME: 'node1',
        CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080',
      },
      { families: [CAMUNDA_NODE_FAMILY] },
    );
    const routes = nestRoutes(GatewayModule.register(config));
    const documented = new Set(operations().map((o) => `${o.method} ${o.path}`));
    const problems: string[] = [];

    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const id = `${route.method} ${route.path}`;
      if (route.excludedFromDocs) {
        if (!PUBLIC_UNDOCUMENTED.includes(id)) problems.push(`${id} is left out of the OpenAPI document`);
        continue;
      }
      if (!documented.has(id))
        problems.push(`${id} (${route.controller}.${route.handler}) is not documented`);
      const declared = route.metadata(REQUIRED_SCOPE);
      const published = document.paths[route.path]?.[route.method.toLowerCase()]?.[REQUIRED_SCOPE_EXTENSION];
      if (route.path.toLowerCase().startsWith('/api/') && declared === undefined)
        problems.push(`${id} declares no scope (@RequireScope)`);
      if (declared !== published)
        problems.push(`${id} declares ${String(declared)} but documents ${String(published)}`);
    }
    const mapped = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const id of documented) if (!mapped.has(id)) problems.push(`${id} is documented but not mapped`);

    expect(problems).toEqual([]);
  });

  it('declares a known scope on every /api operation and leaves only the listed ones public', () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operations()) {
      const scope = operation[REQUIRED_SCOPE_EXTENSION];
      const isApi = path.toLowerCase().startsWith('/api/');
      if (isApi && !SCOPES.includes(scope as Scope))
        problems.push(`${method} ${path}: scope ${String(scope)}`);
      if (!isApi && !PUBLIC_OPERATIONS.includes(`${method} ${path}`))
        problems.push(`${method} ${path} is outside /api but not listed as public`);
    }
    expect(problems).toEqual([]);
  });

  it('answers 401 without a key, with an unknown key and with a revoked key; 403 below the scope; neither at it', async () => {
    const apiOperations = operations().filter((o) => o.path.toLowerCase().startsWith('/api/'));
    const unknownKey = `fp_${randomBytes(24).toString('hex')}`;
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const { method, path, operation } of apiOperations) {
      const required = operation[REQUIRED_SCOPE_EXTENSION] as Scope;
      const url = concretePath(path, operation);
      const body = operation.requestBody ? {} : undefined;
      const status = async (key: string | null) => (await gateway.request(method, url, { key, body })).status;
      const id = `${method} ${path}`;

      for (const [label, key] of [
        ['no key', null],
        ['unknown key', unknownKey],
        ['revoked key', revokedKey],
      ] as const) {
        outcomes.push(`${id} ${label}: ${await status(key)}`);
        expected.push(`${id} ${label}: 401`);
      }
      for (const lower of SCOPES.slice(0, SCOPES.indexOf(required))) {
        outcomes.push(`${id} ${lower} key: ${await status(keys[lower])}`);
        expected.push(`${id} ${lower} key: 403`);
      }
      const allowed = await status(keys[required]);
      outcomes.push(`${id} ${required} key: ${allowed === 401 || allowed === 403 ? allowed : 'allowed'}`);
      expected.push(`${id} ${required} key: allowed`);
    }

    expect(apiOperations.length).toBeGreaterThan(30);
    expect(outcomes).toEqual(expected);
  }, 180_000);

  it('serves the public routes without a key', async () => {
    const paths = [...PUBLIC_OPERATIONS, ...PUBLIC_UNDOCUMENTED].map((id) => id.split(' ')[1]);
    for (const path of [...paths, ...PUBLIC_STATIC_PATHS]) {
      const response = await gateway.request('GET', path, { key: null });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });

  it('does not let a differently cased prefix skip the key check', async () => {
    const response = await gateway.request('GET', '/API/v1/incidents', { key: null });
    expect(response.status).toBe(401);
  });
});
