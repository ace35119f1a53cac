import { z } from 'zod';
import { ConfigurationError, loadConfig } from './load-config';
import { commonSettings, kafkaSettings } from './common-settings';
import { CAMUNDA_NODE_FAMILY, withCamundaNodes } from './camunda-node-settings';
import { clearRegisteredSecrets, redact } from './secret-redactor';
import { integer } from './settings';

const schema = z.object({ ...commonSettings, ...kafkaSettings, POLL_INTERVAL_MS: integer(5000, 100) });

describe('loadConfig', () => {
  afterEach(() => clearRegisteredSecrets());

  it('applies defaults and coerces types', () => {
    const sut = loadConfig('test', schema, { KAFKA_BROKERS: 'a:9092, b:9093', POLL_INTERVAL_MS: '250' });

    expect(sut).toMatchObject({
      KAFKA_BROKERS: ['a:9092', 'b:9093'],
      POLL_INTERVAL_MS: 250,
      LOG_LEVEL: 'info',
      HTTP_PORT: 3000,
    });
  });

  it('names every malformed setting in one error', () => {
    const sut = () =>
      loadConfig('collector', schema, {
        POLL_INTERVAL_MS: 'soon',
        KAFKA_BROKERS: 'no-port',
        LOG_LEVEL: 'loud',
      });

    expect(sut).toThrow(ConfigurationError);
    expect(sut).toThrow(/POLL_INTERVAL_MS/);
    expect(sut).toThrow(/KAFKA_BROKERS/);
    expect(sut).toThrow(/LOG_LEVEL/);
  });

  it('names a missing required setting', () => {
    const required = z.object({ OPENAI_MODEL: z.string() });

    expect(() => loadConfig('incident-ai', required, {})).toThrow(/OPENAI_MODEL is required but not set/);
  });

  it('never echoes a secret value and registers it for redaction', () => {
    const secretSchema = z.object({ DB_PASSWORD: z.string().min(20) });

    expect(() => loadConfig('x', secretSchema, { DB_PASSWORD: 'hunter2-short' })).toThrow(/value hidden/);
    expect(() => loadConfig('x', secretSchema, { DB_PASSWORD: 'hunter2-short' })).not.toThrow(/hunter2/);

    loadConfig('x', z.object({ DB_PASSWORD: z.string() }), { DB_PASSWORD: 's3cr3t-value' });
    expect(redact('connecting with s3cr3t-value')).toBe('connecting with [REDACTED]');
  });

  it('masks credentials embedded in URLs even when not registered', () => {
    expect(redact('postgres://flow:pa55word@db:5432/x')).toBe('postgres://flow:[REDACTED]@db:5432/x');
  });
});

describe('withCamundaNodes', () => {
  const nodesSchema = withCamundaNodes({}, { required: true });
  const load = (env: Record<string, string>) =>
    loadConfig('collector', nodesSchema, env, { families: [CAMUNDA_NODE_FAMILY] });

  it('reads numbered node families in order, with shared credentials as fallback', () => {
    const sut = load({
      CAMUNDA_NODE_2_NAME: 'eu-2',
      CAMUNDA_NODE_2_URL: 'http://h2:8080/engine-rest/',
      CAMUNDA_NODE_1_NAME: 'eu-1',
      CAMUNDA_NODE_1_URL: 'http://h1:8080/engine-rest',
      CAMUNDA_NODE_1_USER: 'alice',
      CAMUNDA_NODE_1_PASSWORD: 'node-secret',
      CAMUNDA_API_USER: 'ops',
      CAMUNDA_API_PASSWORD: 'shared-secret',
      CAMUNDA_NODE_2_DB_URL: 'postgres://postgres@db/camunda',
    });

    expect(sut.nodes).toEqual([
      {
        index: 1,
        name: 'eu-1',
        url: 'http://h1:8080/engine-rest',
        username: 'alice',
        password: 'node-secret',
        databaseUrl: undefined,
      },
      {
        index: 2,
        name: 'eu-2',
        url: 'http://h2:8080/engine-rest',
        username: 'ops',
        password: 'shared-secret',
        databaseUrl: 'postgres://postgres@db/camunda',
      },
    ]);
  });

  it('fails naming the node setting that is wrong', () => {
    expect(() => load({ CAMUNDA_NODE_3_URL: 'ftp://nope' })).toThrow(/CAMUNDA_NODE_3_URL/);
    expect(() => load({ CAMUNDA_NODE_1_URL: 'http://h', CAMUNDA_NODE_1_DB_URL: 'oracle://x' })).toThrow(
      /CAMUNDA_NODE_1_DB_URL/,
    );
  });

  it('takes MySQL/MariaDB engine databases and a web-apps override per node', () => {
    const sut = load({
      CAMUNDA_NODE_1_URL: 'http://h/engine-rest',
      CAMUNDA_NODE_1_DB_URL: 'mariadb://root@db/operaton',
      CAMUNDA_NODE_1_WEBAPP_URL: 'https://ops.example/cockpit-base/',
    });

    expect(sut.nodes[0]).toMatchObject({
      databaseUrl: 'mariadb://root@db/operaton',
      webAppsUrl: 'https://ops.example/cockpit-base',
    });
    expect(() => load({ CAMUNDA_NODE_1_URL: 'http://h', CAMUNDA_NODE_1_WEBAPP_URL: '/camunda' })).toThrow(
      /CAMUNDA_NODE_1_WEBAPP_URL/,
    );
  });

  it('requires at least one node when asked to', () => {
    expect(() => load({})).toThrow(/CAMUNDA_NODE_1_URL: at least one Camunda node/);
  });
});
