/**
 * Collector benchmark: cycle time and database time with the engine history at
 * ~10k and ~1M process instances (3 activity instances each).
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/collector/collector-cycle.bench.ts [sizes]
 *
 * `sizes` is a comma-separated list of historic process-instance counts
 * (default 10000,1000000). Each size gets its own database
 * (`flowpilot_collector_bench_<size>`) whose schema is cloned from
 * camunda_node1 with pg_dump — never the live engine database — and is loaded
 * once (kept for later runs), then VACUUM ANALYZEd so no autovacuum runs
 * during the measurement. The sizes are measured in alternation, cycle by
 * cycle, so the load of other processes on the machine hits both alike.
 *
 * One measured cycle = every SQL history stream of the collector (the real
 * IncrementalStreamRunner, SqlFactSource and PostgresWatermarkStore) plus the
 * per-cycle snapshots (external-task backlog, stuck instances), after NEW
 * instances were added at the head of the history. Facts go to an in-memory
 * publisher, so Kafka's time is not in the figures. Database time is the sum
 * of the engine queries' round trips. Baseline in the same run: a poller
 * without marks, re-reading the whole look-back window (30 days, at most
 * 50 000 rows) of process and activity instances every cycle.
 */
import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  createServiceDataSource,
  initializeServiceDataSource,
  PublishItem,
  TopicName,
} from '@flowpilot/shared';
import { EngineDatabase } from '../../apps/collector/src/engine/engine-database';
import { CollectorState1763900000000 } from '../../apps/collector/src/persistence/collector-state.migration';
import { WatermarkTimeZone1764000000000 } from '../../apps/collector/src/persistence/watermark-time-zone.migration';
import { EngineFlavour1764100000000 } from '../../apps/collector/src/persistence/engine-flavour.migration';
import { SnapshotMarkStore } from '../../apps/collector/src/persistence/snapshot-mark.store';
import { PostgresWatermarkStore } from '../../apps/collector/src/persistence/watermark.store';
import {
  ExternalTaskBacklogSnapshot,
  SqlBacklogReader,
} from '../../apps/collector/src/snapshots/external-task-backlog.snapshot';
import { HistorySizeSnapshot } from '../../apps/collector/src/snapshots/history-size.snapshot';
import { StuckInstancesSnapshot } from '../../apps/collector/src/snapshots/stuck-instances.snapshot';
import { historySqlStreams } from '../../apps/collector/src/streams/history.streams';
import { IncrementalStreamRunner } from '../../apps/collector/src/streams/incremental-stream.runner';
import { BenchMetric, emitBenchOutcome } from '../report/bench-result';

const SIZES = (process.argv[2] ?? '10000,1000000').split(',').map(Number);
const BENCH_DB_PREFIX = 'flowpilot_collector_bench_';
const SOURCE_DB = process.env.BENCH_SCHEMA_SOURCE_DB ?? 'camunda_node1';
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const NEW_PER_CYCLE = 200;
const ACTIVITIES_PER_INSTANCE = 3;
const CYCLES = 15;

/** Counts and times every engine query: the database time of a cycle. */
class TimedEngineDatabase extends EngineDatabase {
  elapsedMs = 0;
  queries = 0;
  /** The statements of the current cycle, replayed under EXPLAIN to count the buffers they touch. */
  statements: Array<{ sql: string; params: unknown[] }> = [];
  override async query<R extends import('pg').QueryResultRow>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    const started = performance.now();
    if (!sql.startsWith('EXPLAIN')) this.statements.push({ sql, params });
    try {
      return await super.query<R>(sql, params);
    } finally {
      this.elapsedMs += performance.now() - started;
      this.queries += 1;
    }
  }
}

class CountingPublisher {
  published = 0;
  async publishMany<T extends TopicName>(_topic: T, items: PublishItem<T>[]) {
    this.published += items.length;
    return [];
  }
  async publish() {
    this.published += 1;
    return {} as never;
  }
}

async function sql(database: string, text: string): Promise<void> {
  const client = new Client({ ...PG, database });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function prepareDatabase(database: string): Promise<void> {
  const admin = new Client({ ...PG, database: 'postgres' });
  await admin.connect();
  const exists =
    (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  if (!exists) {
    execSync(
      `pg_dump -h ${PG.host} -p ${PG.port} -U ${PG.user} --schema-only --no-owner ${SOURCE_DB} | psql -q -h ${PG.host} -p ${PG.port} -U ${PG.user} ${database}`,
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    // The index docs/collector.md recommends for the failed-job stream.
    await sql(
      database,
      'CREATE INDEX IF NOT EXISTS flowpilot_hi_job_log_ts ON act_hi_job_log (timestamp_, id_)',
    );
  }
}

async function historicCount(database: string): Promise<number> {
  const client = new Client({ ...PG, database });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM act_hi_procinst WHERE id_ LIKE 'h%'`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** Historic instances spread over the year before the last day, each with start event, service task and end event. */
async function loadHistory(database: string, size: number): Promise<number> {
  const started = performance.now();
  await sql(
    database,
    `TRUNCATE act_hi_procinst, act_hi_actinst, act_hi_taskinst, act_hi_incident, act_hi_job_log, act_hi_identitylink, act_ru_ext_task;
     INSERT INTO act_hi_procinst (id_, proc_inst_id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, start_time_, end_time_, duration_, state_, start_act_id_, end_act_id_)
     SELECT 'h' || g, 'h' || g, 'bench', 'bench:1:1', 'h' || g, t.ts, t.ts + interval '3 seconds', 3000, 'COMPLETED', 'start', 'end'
       FROM generate_series(1, ${size}) g,
            LATERAL (SELECT date_trunc('milliseconds', localtimestamp - interval '366 days' + (g::float8 / ${size}) * interval '365 days') AS ts) t;
     INSERT INTO act_hi_actinst (id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, proc_inst_id_, execution_id_, act_id_, act_name_, act_type_, start_time_, end_time_, duration_, act_inst_state_, sequence_counter_)
     SELECT p.id_ || '-' || k, 'bench', 'bench:1:1', p.id_, p.id_, p.id_, a.act, a.act, a.type, p.start_time_ + (k - 1) * interval '1 second', p.start_time_ + k * interval '1 second', 1000, 1, k
       FROM act_hi_procinst p
       CROSS JOIN generate_series(1, ${ACTIVITIES_PER_INSTANCE}) k
       JOIN (VALUES (1, 'start', 'startEvent'), (2, 'work', 'serviceTask'), (3, 'end', 'noneEndEvent')) a(n, act, type) ON a.n = k;
`,
  );
  return performance.now() - started;
}

let batch = 0;
/** New instances at the head of the history, as a live engine would write them between two cycles. */
async function addNewInstances(database: string): Promise<void> {
  batch += 1;
  await sql(
    database,
    `INSERT INTO act_hi_procinst (id_, proc_inst_id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, start_time_, end_time_, duration_, state_)
     SELECT 'n${batch}-' || g, 'n${batch}-' || g, 'bench', 'bench:1:1', 'n${batch}-' || g, t.ts, t.ts, 0, 'COMPLETED'
       FROM generate_series(1, ${NEW_PER_CYCLE}) g, LATERAL (SELECT date_trunc('milliseconds', localtimestamp) AS ts) t;
     INSERT INTO act_hi_actinst (id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, proc_inst_id_, execution_id_, act_id_, act_type_, start_time_, end_time_, duration_, act_inst_state_, sequence_counter_)
     SELECT 'n${batch}-' || g || '-' || k, 'bench', 'bench:1:1', 'n${batch}-' || g, 'n${batch}-' || g, 'n${batch}-' || g, 'a' || k, 'serviceTask',
            date_trunc('milliseconds', localtimestamp), date_trunc('milliseconds', localtimestamp), 0, 1, k
       FROM generate_series(1, ${NEW_PER_CYCLE}) g CROSS JOIN generate_series(1, ${ACTIVITIES_PER_INSTANCE}) k;`,
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Bench {
  size: number;
  database: string;
  loadMs: number | null;
  db: TimedEngineDatabase;
  state: DataSource;
  publisher: CountingPublisher;
  cycle: () => Promise<void>;
  cycleMs: number[];
  dbMs: number[];
  queries: number;
  /** Buffers touched by the last measured cycle's engine queries. */
  buffers: number;
  baselineMs: number[];
  baselineBuffers: number;
}

async function setUp(size: number): Promise<Bench> {
  const database = `${BENCH_DB_PREFIX}${size}`;
  await prepareDatabase(database);
  const loadMs = (await historicCount(database)) === size ? null : await loadHistory(database, size);
  await sql(
    database,
    `DELETE FROM act_hi_actinst WHERE id_ LIKE 'n%'; DELETE FROM act_hi_procinst WHERE id_ LIKE 'n%'`,
  );
  // Vacuumed so that no autovacuum of a fresh load or of those deletions runs during the measurement.
  for (const table of ['act_hi_procinst', 'act_hi_actinst']) await sql(database, `VACUUM ANALYZE ${table}`);
  const state = createServiceDataSource({
    schema: 'collector',
    settings: {
      DB_HOST: PG.host,
      DB_PORT: PG.port,
      DB_NAME: database,
      DB_USER: PG.user,
      DB_PASSWORD: undefined,
      DB_POOL_SIZE: 2,
    },
    migrations: [CollectorState1763900000000, WatermarkTimeZone1764000000000, EngineFlavour1764100000000],
    applicationName: 'flowpilot-collector-bench',
  });
  await initializeServiceDataSource(state);
  await state.query('TRUNCATE stream_watermarks, recent_facts, snapshot_marks, stuck_instances');
  const db = new TimedEngineDatabase({
    url: `postgres://${PG.user}@${PG.host}:${PG.port}/${database}`,
    poolSize: 2,
    statementTimeoutMs: 600_000,
    applicationName: 'flowpilot-collector-bench',
  });
  const publisher = new CountingPublisher();
  const runner = new IncrementalStreamRunner(new PostgresWatermarkStore(state), publisher as never, {
    pageSize: 500,
    maxPages: 20,
    overlapMs: 60_000,
    initialBackfillMs: 0,
  });
  const streams = historySqlStreams(db, 'UTC', async () => null);
  const marks = new SnapshotMarkStore(state);
  const snapshots = [
    new ExternalTaskBacklogSnapshot({
      nodeId: 'bench',
      publisher,
      reader: new SqlBacklogReader(db, 'UTC'),
      marks,
      intervalMs: 0,
      heartbeatMs: 60_000,
    }),
    new StuckInstancesSnapshot({
      nodeId: 'bench',
      publisher,
      db,
      timeZone: 'UTC',
      marks,
      thresholdDays: 7,
      limit: 100,
      intervalMs: 0,
    }),
  ];
  const cycle = async () => {
    for (const stream of streams) await runner.run('bench', stream);
    for (const snapshot of snapshots) await snapshot.runIfDue();
  };
  await cycle(); // sets every high-water mark at the head of the history
  return {
    size,
    database,
    loadMs,
    db,
    state,
    publisher,
    cycle,
    cycleMs: [],
    dbMs: [],
    queries: 0,
    buffers: 0,
    baselineMs: [],
    baselineBuffers: 0,
  };
}

/**
 * Buffers (8 kB pages, from cache or disk) the statements touch: unlike times,
 * this does not depend on what else the machine is doing.
 */
async function buffersOf(
  db: TimedEngineDatabase,
  statements: Array<{ sql: string; params: unknown[] }>,
): Promise<number> {
  let total = 0;
  for (const { sql, params } of statements) {
    const [row] = await db.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, number> }> }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
      params,
    );
    const plan = row['QUERY PLAN'][0].Plan;
    total += (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
  }
  return total;
}

async function measureCycle(bench: Bench): Promise<void> {
  await addNewInstances(bench.database);
  bench.db.elapsedMs = 0;
  bench.db.queries = 0;
  bench.db.statements = [];
  const started = performance.now();
  await bench.cycle();
  bench.cycleMs.push(performance.now() - started);
  bench.dbMs.push(bench.db.elapsedMs);
  bench.queries = bench.db.queries;
  bench.buffers = await buffersOf(bench.db, bench.db.statements);
}

/** Baseline: a poller without marks re-reads the whole look-back window every cycle. */
async function measureBaseline(bench: Bench): Promise<void> {
  bench.db.statements = [];
  const started = performance.now();
  for (const table of ['act_hi_procinst', 'act_hi_actinst']) {
    await bench.db.query(
      `SELECT * FROM ${table} WHERE start_time_ >= localtimestamp - interval '30 days' ORDER BY start_time_ DESC LIMIT 50000`,
    );
  }
  bench.baselineMs.push(performance.now() - started);
  bench.baselineBuffers = await buffersOf(bench.db, bench.db.statements);
}

async function main(): Promise<void> {
  const benches: Bench[] = [];
  for (const size of SIZES) benches.push(await setUp(size));
  for (let i = 0; i < CYCLES; i++) for (const bench of benches) await measureCycle(bench);
  for (let i = 0; i < 5; i++) for (const bench of benches) await measureBaseline(bench);
  const results = [];
  for (const bench of benches) {
    const historySize = new HistorySizeSnapshot({
      nodeId: 'bench',
      publisher: bench.publisher,
      db: bench.db,
      timeZone: 'UTC',
      thresholdDays: 90,
      intervalMs: 0,
    });
    const sizeStarted = performance.now();
    await historySize.runIfDue();
    const result = {
      size: bench.size,
      loadMs: bench.loadMs,
      cycleMs: median(bench.cycleMs),
      dbMs: median(bench.dbMs),
      queries: bench.queries,
      buffers: bench.buffers,
      factsPerCycle: NEW_PER_CYCLE * (2 + ACTIVITIES_PER_INSTANCE),
      baselineMs: median(bench.baselineMs),
      baselineBuffers: bench.baselineBuffers,
      historySizeMs: performance.now() - sizeStarted,
    };
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    await bench.db.close();
    await bench.state.destroy();
  }
  const [small, large] = [results[0], results[results.length - 1]];
  const f = (ms: number) => ms.toFixed(1).padStart(9);
  process.stdout.write(
    [
      '',
      `| history (process instances) | cycle ms (median of ${CYCLES}) | engine DB ms | queries | buffers | facts/cycle | baseline ms | baseline buffers | history-size ms |`,
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.map(
        (r) =>
          `| ${r.size} | ${f(r.cycleMs)} | ${f(r.dbMs)} | ${r.queries} | ${r.buffers} | ${r.factsPerCycle} | ${f(r.baselineMs)} | ${r.baselineBuffers} | ${f(r.historySizeMs)} |`,
      ),
      '',
      `ratio ${large.size}/${small.size}: cycle ${(large.cycleMs / small.cycleMs).toFixed(2)}, engine DB ${(large.dbMs / small.dbMs).toFixed(2)}, buffers ${(large.buffers / small.buffers).toFixed(2)}; baseline ${(large.baselineMs / small.baselineMs).toFixed(2)} (buffers ${(large.baselineBuffers / small.baselineBuffers).toFixed(2)})`,
      '',
    ].join('\n'),
  );
  emitBenchOutcome({
    what: `one collector cycle (every SQL history stream + snapshots) after ${NEW_PER_CYCLE} new instances, against history size`,
    baseline:
      "a poller that re-reads the whole look-back window every cycle (process and activity instances started in the last 30 days, at most 50,000 rows each) instead of reading on from a mark; and, for growth, the collector's own cycle at the smallest size",
    parameters: {
      historySizes: SIZES.join(','),
      cycles: CYCLES,
      newInstancesPerCycle: NEW_PER_CYCLE,
      activitiesPerInstance: ACTIVITIES_PER_INSTANCE,
    },
    metrics: collectorMetrics(results, small, large),
    notes: results.map(
      (r) =>
        `${r.size.toLocaleString('en-US')} instances: engine DB ${r.dbMs.toFixed(1)} ms in ${r.queries} queries, ${r.buffers} buffers (baseline ${r.baselineBuffers})` +
        (r.loadMs === null ? ', bench database reused' : `, seeded in ${(r.loadMs / 1_000).toFixed(0)} s`),
    ),
  });
}

interface SizeResult {
  size: number;
  cycleMs: number;
  baselineMs: number;
  buffers: number;
  baselineBuffers: number;
}

function collectorMetrics(results: SizeResult[], small: SizeResult, large: SizeResult): BenchMetric[] {
  const perSize = results.map((r): BenchMetric => ({
    name: `cycle @ ${r.size.toLocaleString('en-US')} instances`,
    unit: 'ms',
    value: r.cycleMs,
    better: 'lower',
    baseline: { name: `re-read window @ ${r.size.toLocaleString('en-US')}`, value: r.baselineMs },
  }));
  if (small === large) return perSize;
  const label = (r: SizeResult) => r.size.toLocaleString('en-US');
  return [
    ...perSize,
    {
      name: `cycle growth ${label(large)} vs ${label(small)}`,
      unit: 'ms',
      value: large.cycleMs,
      better: 'lower',
      baseline: { name: `own cycle @ ${label(small)}`, value: small.cycleMs },
    },
    {
      name: `buffers touched growth ${label(large)} vs ${label(small)}`,
      unit: 'buffers',
      value: large.buffers,
      better: 'lower',
      baseline: { name: `own cycle @ ${label(small)}`, value: small.buffers },
    },
    {
      name: `baseline growth ${label(large)} vs ${label(small)}`,
      unit: 'ms',
      value: large.baselineMs,
      better: 'lower',
      baseline: { name: `re-read window @ ${label(small)}`, value: small.baselineMs },
    },
  ];
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
