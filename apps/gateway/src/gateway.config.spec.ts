import { ConfigurationError, loadConfig, redact } from '@flowpilot/shared';
import { CamundaFleetSettings } from '@flowpilot/shared';
import { GatewayConfigSchema } from './gateway.config';
import { gatewaySettingsProviders, RetentionSettings, WebhookDeliverySettings } from './gateway.settings';

const load = (env: Record<string, string>) =>
  loadConfig('gateway', GatewayConfigSchema, env, { families: ['CAMUNDA_NODE_'] });

describe('GatewayConfigSchema', () => {
  it('has working defaults and reads Camunda nodes', () => {
    const sut = load({
      CAMUNDA_NODE_1_NAME: 'node1',
      CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest',
    });

    expect(sut).toMatchObject({
      HTTP_PORT: 3000,
      WEBHOOK_ALLOWED_HOSTS: [],
      WEBHOOK_MAX_AGE_MS: 86_400_000,
      CORS_ORIGINS: [],
      WEBHOOK_FINISHED_RETENTION_DAYS: 30,
      PROCESSED_EVENTS_EXTRA_RETENTION_DAYS: 1,
      GATEWAY_PRUNE_INTERVAL_MS: 3_600_000,
      INCIDENT_LIST_TOTAL_TTL_MS: 2_000,
    });
    expect(sut.nodes.map((n) => n.name)).toEqual(['node1']);
  });

  it('accepts host names, IPs and CIDRs in WEBHOOK_ALLOWED_HOSTS', () => {
    expect(
      load({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, hooks.internal.example, 10.0.0.0/8, fd00::/8' })
        .WEBHOOK_ALLOWED_HOSTS,
    ).toEqual(['127.0.0.1', 'hooks.internal.example', '10.0.0.0/8', 'fd00::/8']);
  });

  it.each([
    [{ WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/33' }, 'WEBHOOK_ALLOWED_HOSTS'],
    [{ WEBHOOK_ALLOWED_HOSTS: 'http://x' }, 'WEBHOOK_ALLOWED_HOSTS'],
    [{ GATEWAY_BOOTSTRAP_ADMIN_KEY: 'short' }, 'GATEWAY_BOOTSTRAP_ADMIN_KEY'],
    [{ API_RATE_LIMIT_PER_MINUTE: '0' }, 'API_RATE_LIMIT_PER_MINUTE'],
    // Pruning ids before their topic's retention ends would let a replay apply an event twice.
    [{ PROCESSED_EVENTS_EXTRA_RETENTION_DAYS: '0' }, 'PROCESSED_EVENTS_EXTRA_RETENTION_DAYS'],
    [{ WEBHOOK_FINISHED_RETENTION_DAYS: '0' }, 'WEBHOOK_FINISHED_RETENTION_DAYS'],
    [{ GATEWAY_PRUNE_INTERVAL_MS: '1000' }, 'GATEWAY_PRUNE_INTERVAL_MS'],
    [{ INCIDENT_LIST_TOTAL_TTL_MS: '-1' }, 'INCIDENT_LIST_TOTAL_TTL_MS'],
  ])('refuses %p naming the setting', (env, name) => {
    expect(() => load(env)).toThrow(ConfigurationError);
    expect(() => load(env)).toThrow(name);
  });

  it('treats the bootstrap key as a secret: never echoed, redacted from logs', () => {
    load({ GATEWAY_BOOTSTRAP_ADMIN_KEY: 'bootstrap-key-0123456789abcdef' });
    expect(redact('key=bootstrap-key-0123456789abcdef')).toBe('key=[REDACTED]');

    expect(() => load({ GATEWAY_BOOTSTRAP_ADMIN_KEY: 'x'.repeat(600) })).toThrow(
      /GATEWAY_BOOTSTRAP_ADMIN_KEY/,
    );
    expect(() => load({ GATEWAY_BOOTSTRAP_ADMIN_KEY: 'x'.repeat(600) })).not.toThrow(/xxxx/);
  });

  it('hands services typed slices made from the validated settings', () => {
    const providers = gatewaySettingsProviders(
      load({
        CAMUNDA_NODE_1_NAME: 'node1',
        CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest',
        WEBHOOK_RETRY_INITIAL_DELAY_MS: '250',
        TREND_RETENTION_DAYS: '12',
      }),
    );
    const slice = (token: unknown) =>
      providers.find((p) => typeof p === 'object' && 'provide' in p && p.provide === token);

    expect(slice(WebhookDeliverySettings)).toMatchObject({
      useValue: { retryInitialDelayMs: 250, retryMaxDelayMs: 600_000, maxAgeMs: 86_400_000 },
    });
    expect(slice(RetentionSettings)).toMatchObject({
      useValue: { trendBucketDays: 12, finishedDeliveryDays: 30, pruneIntervalMs: 3_600_000 },
    });
    expect(slice(CamundaFleetSettings)).toMatchObject({
      useValue: { nodes: [expect.objectContaining({ name: 'node1' })], requestTimeoutMs: 10_000 },
    });
  });
});
