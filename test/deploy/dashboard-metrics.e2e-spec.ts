import { randomBytes, randomUUID } from 'node:crypto';
import { psql } from '@flowpilot/shared/testing';
import { BuiltApp } from './support/app-runner';
import { alertQueries, dashboardQueries, Query } from './support/dashboard-queries.util';
import { exposes, Exposition, parseExposition } from './support/exposition.util';
import { metricNamesOf, PROMETHEUS_SERIES } from './support/promql-metric-names.util';

/**
 * Every metric name the Grafana dashboards and the alert rules query must be
 * in a real scrape of the apps: the six apps, built from dist/ and started
 * through the telemetry preload against the real stack, are scraped once
 * ready. A renamed or removed metric fails here, not in an empty panel.
 */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_metrics_${run}`;
const basePort = 15_000 + Math.floor(Math.random() * 1_000);
const APPS = ['collector', 'analyzer', 'incident-ai', 'bpmn-generator', 'workers', 'gateway'];

const env: Record<string, string> = {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_GROUP_PREFIX: `metrics-${run}`,
  DB_HOST: '127.0.0.1',
  DB_NAME: database,
  DB_USER: 'postgres',
  LOG_LEVEL: 'warn',
  CAMUNDA_NODE_1_NAME: 'node1',
  CAMUNDA_NODE_1_URL: process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest',
  CAMUNDA_NODE_1_DB_URL: 'postgres://postgres@127.0.0.1:5432/camunda_node1',
  CAMUNDA_REST_URL: process.env.CAMUNDA_NODE_1_URL ?? 'http://127.0.0.1:8080/engine-rest',
  INITIAL_BACKFILL_DAYS: '0',
  GATEWAY_BOOTSTRAP_ADMIN_KEY: `fp_metrics_${randomBytes(12).toString('hex')}`,
  OTEL_TRACES_EXPORTER: 'none',
};


function missingFrom(exposition: Exposition, queries: Query[]): string[] {
  return queries.flatMap(({ source, expr }) =>
    metricNamesOf(expr)
      .filter((name) => !PROMETHEUS_SERIES.has(name) && !exposes(exposition, name))
      .map((name) => `${source}: ${name}`),
  );
}

describe('dashboards and alert rules against a real scrape of the apps', () => {
  const apps = APPS.map((name, i) => new BuiltApp(name, basePort + i, env, `metrics-${run}`));
  const exposition: Exposition = { families: new Map(), samples: new Set() };
  const scrapes = new Map<string, string>();

  beforeAll(async () => {
    psql(`CREATE DATABASE ${database}`);
    await Promise.all(apps.map((app) => app.start()));
    for (const app of apps) {
      const text = await app.scrape();
      scrapes.set(app.name, text);
      parseExposition(text, exposition);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 60_000);

  it('scrapes every app with its service label', () => {
    process.stdout.write(`scraped ${exposition.families.size} metric families from ${APPS.length} apps\n`);
    expect(exposition.families.size).toBeGreaterThan(50);
    for (const name of APPS)
      expect(scrapes.get(name)).toMatch(
        new RegExp(`^flowpilot_process_process_cpu_seconds_total\\{service="${name}"\\}`, 'm'),
      );
  });

  it('has every metric the dashboards query', () => {
    const queries = dashboardQueries();
    const names = new Set(queries.flatMap((q) => metricNamesOf(q.expr)));
    process.stdout.write(`dashboards: ${queries.length} queries over ${names.size} metric names\n`);
    expect(queries.length).toBeGreaterThan(40);
    expect(missingFrom(exposition, queries)).toEqual([]);
  });

  it('has every metric the alert rules query', () => {
    expect(missingFrom(exposition, alertQueries())).toEqual([]);
  });
});
