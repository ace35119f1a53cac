import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { privateStackScript } from '../../test/faults/support/private-stack';

const ROOT = resolve(__dirname, '../..');

/**
 * The benchmark's own Kafka and Camunda engine, started by scripts/stack.sh with
 * a private STACK_DIR and ports of their own: driving an engine at full speed
 * must not disturb the shared stack other people test against. The built jars
 * are reused from STACK_DIST_DIR (default: this checkout's .stack/dist; the
 * script builds them there on a fresh clone). The engine's database and the
 * services' databases live on the machine's PostgreSQL under names of their own.
 */
export const PIPELINE_STACK = {
  dir: resolve(ROOT, '.stack/pipeline-bench'),
  distDir: process.env.STACK_DIST_DIR ?? resolve(ROOT, '.stack/dist'),
  kafkaPort: 24_092,
  kafkaControllerPort: 24_093,
  camundaPort: 24_080,
  camundaDbPrefix: 'flowpilot_pipeline_bench_camunda_node',
  pg: { host: '127.0.0.1', port: 5432, user: 'postgres' },
} as const;

export const pipelineKafka = `127.0.0.1:${PIPELINE_STACK.kafkaPort}`;
export const pipelineCamundaUrl = `http://127.0.0.1:${PIPELINE_STACK.camundaPort}/engine-rest`;
export const pipelineCamundaDb = `${PIPELINE_STACK.camundaDbPrefix}1`;

export function databaseUrl(database: string): string {
  const { host, port, user } = PIPELINE_STACK.pg;
  return `postgres://${user}@${host}:${port}/${database}`;
}

function stack(...args: string[]): string {
  return privateStackScript(
    {
      STACK_DIR: PIPELINE_STACK.dir,
      STACK_DIST_DIR: PIPELINE_STACK.distDir,
      KAFKA_PORT: String(PIPELINE_STACK.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(PIPELINE_STACK.kafkaControllerPort),
      KAFKA_HEAP: '512m',
      CAMUNDA_PORT: String(PIPELINE_STACK.camundaPort),
      CAMUNDA_NODES: '1',
      CAMUNDA_DB_PREFIX: PIPELINE_STACK.camundaDbPrefix,
      CAMUNDA_HEAP: '768m',
      PGHOST: PIPELINE_STACK.pg.host,
      PGPORT: String(PIPELINE_STACK.pg.port),
      STACK_TIMEOUT: '300',
      STACK_STOP_TIMEOUT: '10',
    },
    args,
  );
}

export async function withPostgres<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...PIPELINE_STACK.pg, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Brings the private stack up from a clean state: whatever an interrupted run
 * left is stopped, Kafka starts with no data (so topic offsets count this run's
 * events only) and the engine starts on a new, empty database.
 */
export async function startPipelineStack(): Promise<string> {
  stack('down', 'camunda', 'kafka');
  rmSync(join(PIPELINE_STACK.dir, 'kafka', 'data'), { recursive: true, force: true });
  await dropDatabase(pipelineCamundaDb);
  return stack('up', 'kafka', 'camunda');
}

/** Stops only what the private stack started. */
export function stopPipelineStack(): string {
  return stack('down', 'camunda', 'kafka');
}

export async function createDatabase(database: string): Promise<void> {
  await dropDatabase(database);
  await withPostgres('postgres', (client) => client.query(`CREATE DATABASE ${database}`));
}

export async function dropDatabase(database: string): Promise<void> {
  await withPostgres('postgres', (client) =>
    client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  );
}

/** A new database with the engine's schema and no rows: the "busy engine" whose history is seeded. */
export async function cloneEngineSchema(database: string): Promise<void> {
  await createDatabase(database);
  const { host, port, user } = PIPELINE_STACK.pg;
  execSync(
    `pg_dump -h ${host} -p ${port} -U ${user} --schema-only --no-owner ${pipelineCamundaDb} | psql -q -h ${host} -p ${port} -U ${user} ${database}`,
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/**
 * A new database holding a service's migrated schema without its rows (plus the
 * migrations table's rows, so the service sees its migrations as applied).
 * Replicas started together on a fresh database race to run the same
 * migrations; a benchmark of replicas starts them on a prepared schema instead.
 */
export async function cloneServiceSchema(from: string, to: string, schema: string): Promise<void> {
  await createDatabase(to);
  const { host, port, user } = PIPELINE_STACK.pg;
  const connection = `-h ${host} -p ${port} -U ${user}`;
  execSync(
    `{ pg_dump ${connection} --schema-only --no-owner -n ${schema} ${from}; ` +
      `pg_dump ${connection} --data-only --no-owner -t '${schema}.migrations' ${from}; } | psql -q -v ON_ERROR_STOP=1 ${connection} ${to}`,
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
