import { loadConfig } from '@flowpilot/shared';
import { COLLECTOR_SETTING_FAMILIES, CollectorConfigSchema } from './collector.config';

const load = (env: Record<string, string>) =>
  loadConfig('collector', CollectorConfigSchema, env, { families: COLLECTOR_SETTING_FAMILIES });

describe('collector settings', () => {
  it('reads nodes, their databases and Micrometer endpoints, with defaults for the rest', () => {
    const sut = load({
      CAMUNDA_NODE_1_NAME: 'node1',
      CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest/',
      CAMUNDA_NODE_1_DB_URL: 'postgres://postgres@127.0.0.1:5432/camunda_node1',
      JMX_NODE_1_URL: 'http://127.0.0.1:8080/actuator/prometheus',
      CAMUNDA_NODE_2_URL: 'http://127.0.0.1:8081/engine-rest',
    });

    expect(sut.nodes.map((n) => [n.name, n.url, n.databaseUrl])).toEqual([
      ['node1', 'http://127.0.0.1:8080/engine-rest', 'postgres://postgres@127.0.0.1:5432/camunda_node1'],
      ['node2', 'http://127.0.0.1:8081/engine-rest', undefined],
    ]);
    expect([...sut.jvmMetricsUrls]).toEqual([[1, 'http://127.0.0.1:8080/actuator/prometheus']]);
    expect(sut.POLL_INTERVAL_MS).toBe(5_000);
    expect(sut.STUCK_INSTANCE_DAYS).toBe(7);
    expect(sut.DB_ARCHIVE_THRESHOLD_DAYS).toBe(90);
  });

  it('names a malformed setting', () => {
    expect(() =>
      load({ CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest', POLL_INTERVAL_MS: 'soon' }),
    ).toThrow(/POLL_INTERVAL_MS/);
  });

  it('rejects a time zone PostgreSQL and Node would not know', () => {
    expect(() =>
      load({ CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest', CAMUNDA_DB_TIME_ZONE: 'Mars/Olympus' }),
    ).toThrow(/CAMUNDA_DB_TIME_ZONE: must be an IANA time zone/);
  });

  it('requires at least one node', () => {
    expect(() => load({})).toThrow(/CAMUNDA_NODE_1_URL: at least one Camunda node/);
  });

  it('rejects a Micrometer endpoint for a node that is not configured', () => {
    expect(() =>
      load({
        CAMUNDA_NODE_1_URL: 'http://127.0.0.1:8080/engine-rest',
        JMX_NODE_3_URL: 'http://127.0.0.1:9/prometheus',
      }),
    ).toThrow(/JMX_NODE_3_URL: no CAMUNDA_NODE_3_URL/);
  });
});
