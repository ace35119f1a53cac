import { resolve } from 'node:path';
import { privateStackScript } from '../../faults/support/private-stack';

const ROOT = resolve(__dirname, '../../..');

/**
 * The fleet project's stack: a private Kafka (fresh data, so the apps' new consumer groups have no shared
 * history to replay first) next to the mixed fleet's engines. Engines already run by another stack directory
 * (the shared stack's Camunda nodes, an earlier `FLEET=mixed up`) are reused, never stopped.
 */
export const FLEET_STACK = {
  dir: resolve(ROOT, '.stack/fleet'),
  distDir: resolve(ROOT, '.stack/dist'),
  kafkaPort: Number(process.env.FLEET_KAFKA_PORT ?? 8_098),
  kafkaControllerPort: Number(process.env.FLEET_KAFKA_CONTROLLER_PORT ?? 8_099),
} as const;

export const fleetKafkaBrokers = `127.0.0.1:${FLEET_STACK.kafkaPort}`;

/** Runs scripts/stack.sh against the fleet stack, with FLEET=mixed. */
export function fleetStack(...args: string[]): string {
  return privateStackScript(
    {
      STACK_DIR: FLEET_STACK.dir,
      STACK_DIST_DIR: FLEET_STACK.distDir,
      KAFKA_PORT: String(FLEET_STACK.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(FLEET_STACK.kafkaControllerPort),
      KAFKA_HEAP: '384m',
      CAMUNDA_HEAP: process.env.CAMUNDA_HEAP ?? '640m',
      FLEET: 'mixed',
      // One Camunda 7.24 node is the fleet's Camunda flavour.
      CAMUNDA_NODES: '1',
      STACK_TIMEOUT: '300',
    },
    args,
  );
}
