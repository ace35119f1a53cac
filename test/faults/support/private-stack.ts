import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { PrivatePostgres } from './private-postgres';

const ROOT = resolve(__dirname, '../../..');

/**
 * Where the fault suite's own servers listen, every port below Linux's ephemeral range (32768-60999),
 * where an outgoing connection could hold it. Nothing here is shared with the
 * stack that the other integration tests use: the suite kills and restarts
 * these freely. Camunda's databases live on the machine's PostgreSQL under a
 * prefix of their own; the services' database is the private cluster.
 */
export const FAULT_STACK = {
  dir: resolve(ROOT, '.stack/faults'),
  distDir: resolve(ROOT, '.stack/dist'),
  kafkaPort: 19_092,
  kafkaControllerPort: 19_093,
  camundaPort: 18_080,
  camundaNodes: 2,
  camundaDbPrefix: 'flowpilot_faults_camunda_node',
  servicesPgPort: 25_432,
  servicesDb: 'flowpilot_faults',
} as const;

export const faultKafkaBrokers = `127.0.0.1:${FAULT_STACK.kafkaPort}`;

export function camundaUrl(node: number): string {
  return `http://127.0.0.1:${FAULT_STACK.camundaPort + node - 1}/engine-rest`;
}

export function camundaDbUrl(node: number): string {
  return `postgres://postgres@127.0.0.1:5432/${FAULT_STACK.camundaDbPrefix}${node}`;
}

export function privatePostgres(): PrivatePostgres {
  return new PrivatePostgres(FAULT_STACK.dir, FAULT_STACK.servicesPgPort);
}

/** Runs scripts/stack.sh against the fault suite's private stack only (never the shared one). */
export function stack(...args: string[]): string {
  return privateStackScript(
    {
      STACK_DIR: FAULT_STACK.dir,
      STACK_DIST_DIR: FAULT_STACK.distDir,
      KAFKA_PORT: String(FAULT_STACK.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(FAULT_STACK.kafkaControllerPort),
      KAFKA_HEAP: '384m',
      CAMUNDA_PORT: String(FAULT_STACK.camundaPort),
      CAMUNDA_NODES: String(FAULT_STACK.camundaNodes),
      CAMUNDA_DB_PREFIX: FAULT_STACK.camundaDbPrefix,
      CAMUNDA_HEAP: '512m',
      PGHOST: '127.0.0.1',
      PGPORT: '5432',
      STACK_TIMEOUT: '240',
    },
    args,
  );
}

/**
 * Runs scripts/stack.sh with a private STACK_DIR (and the ports that go with
 * it): the script only starts and stops the processes it marked with that
 * directory, so a private stack never touches the shared one.
 */
export function privateStackScript(
  settings: { STACK_DIR: string } & Record<string, string>,
  args: string[],
): string {
  return execFileSync('bash', [resolve(ROOT, 'scripts/stack.sh'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...settings },
  });
}
