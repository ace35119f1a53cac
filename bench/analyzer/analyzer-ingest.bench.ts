/**
 * Analyzer ingest through the real pipeline: activity facts published to
 * Kafka, consumed by the analyzer (in this process), judged and persisted in
 * PostgreSQL (Welford row, sketch bucket, day totals, failure-rate day, ledger).
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/analyzer/analyzer-ingest.bench.ts [facts]
 *
 * Needs the stack (scripts/stack.sh up). Uses its own schema and consumer group, dropped at the end.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { connectEnvelopeConsumer, EventPublisher, loadConfig, PayloadOf } from '@flowpilot/shared';
import { AnalyzerConfigSchema } from '../../apps/analyzer/src/analyzer.config';
import { AnalyzerModule } from '../../apps/analyzer/src/analyzer.module';
import { emitBenchOutcome } from '../report/bench-result';

const FACTS = Number(process.argv[2] ?? 5_000);
const KEYS = 20;
const run = randomUUID().slice(0, 8);
const service = `analyzer-bench-${run}`;
const node = `bench-${run}`;

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const config = loadConfig('analyzer', AnalyzerConfigSchema, {
    ...process.env,
    LOG_LEVEL: 'error',
    KAFKA_GROUP_PREFIX: `bench-${run}`,
  });
  const app = await NestFactory.create(AnalyzerModule.register(config, service), { logger: false });
  connectEnvelopeConsumer(app, { groupId: `bench-${run}.${service}`, fromBeginning: false });
  await app.init();
  await app.startAllMicroservices();
  const db = app.get(DataSource);
  const publisher = app.get(EventPublisher);
  const counted = async () => {
    const [row] = await db.query(
      `SELECT COALESCE(SUM(sample_count), 0) AS n FROM duration_stats WHERE node_name = $1`,
      [node],
    );
    return Number(row.n);
  };
  const fact = (i: number): PayloadOf<'camunda.activity.completed.v1'> => {
    const durationMs = 100 + ((i * 7919) % 900);
    const endedAt = new Date(Date.now() - (FACTS - i) * 10);
    return {
      activityInstanceId: `${run}-ai-${i}`,
      activityId: `activity-${i % KEYS}`,
      activityName: null,
      activityType: 'serviceTask',
      processDefinitionId: `bench:1:${run}`,
      processDefinitionKey: `bench-${run}`,
      processInstanceId: `${run}-pi-${i}`,
      executionId: null,
      assignee: null,
      canceled: false,
      startedAt: new Date(endedAt.getTime() - durationMs).toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs,
    };
  };
  try {
    // The consumer starts at the end: probe until it owns its partitions.
    let probes = 0;
    await until(async () => {
      await publisher.publish(
        'camunda.activity.completed.v1',
        { ...fact(0), activityInstanceId: `${run}-probe-${probes}`, activityId: 'probe' },
        { nodeId: node },
      );
      probes++;
      await new Promise((r) => setTimeout(r, 1_000));
      return (await counted()) > 0;
    }, 60_000);
    const base = await counted();
    const started = performance.now();
    for (let from = 0; from < FACTS; from += 500) {
      const items = Array.from({ length: Math.min(500, FACTS - from) }, (_, k) => ({
        payload: fact(from + k),
        options: { nodeId: node },
      }));
      await publisher.publishMany('camunda.activity.completed.v1', items);
    }
    const published = performance.now();
    await until(async () => (await counted()) - base >= FACTS, 600_000);
    const done = performance.now();
    const seconds = (done - started) / 1_000;
    console.log(`analyzer ingest: ${FACTS} activity facts, ${KEYS} keys, node ${process.version}`);
    console.log(
      `published in ${((published - started) / 1_000).toFixed(2)} s; all judged and persisted after ${seconds.toFixed(2)} s`,
    );
    console.log(
      `throughput ${(FACTS / seconds).toFixed(0)} facts/s (${((seconds * 1_000) / FACTS).toFixed(2)} ms per fact, 3 partitions in parallel)`,
    );
    emitBenchOutcome({
      what: `activity facts published to Kafka, consumed by the analyzer, judged and persisted in PostgreSQL, ${KEYS} keys`,
      baseline:
        'none: no simpler implementation of the same persistence exists to compare with; the figure is absolute',
      parameters: { facts: FACTS, keys: KEYS },
      metrics: [
        {
          name: 'ingest throughput',
          unit: 'facts/s',
          value: FACTS / seconds,
          better: 'higher',
          baseline: null,
        },
      ],
      notes: [
        `published in ${((published - started) / 1_000).toFixed(2)} s, all persisted after ${seconds.toFixed(2)} s`,
      ],
    });
  } finally {
    await app.close();
    const cleanup = new DataSource({
      type: 'postgres',
      host: config.DB_HOST,
      port: config.DB_PORT,
      username: config.DB_USER,
      password: config.DB_PASSWORD,
      database: config.DB_NAME,
    });
    await cleanup.initialize();
    await cleanup.query(`DROP SCHEMA IF EXISTS "${service.replace(/-/g, '_')}" CASCADE`);
    await cleanup.destroy();
  }
}

main().catch((error: Error) => {
  console.error(`analyzer ingest bench failed: ${error.message}`);
  process.exit(1);
});
