import { resolve } from 'node:path';
import { privateStackScript } from '../../faults/support/private-stack';

const ROOT = resolve(__dirname, '../../..');

/**
 * The isolated project's own Kafka: suites that must write into topics
 * (garbage, made-up events) do it here, so no consumer of the shared broker
 * (a developer's `npm run up`, later e2e runs) ever reads what they wrote.
 * Ports differ from the shared stack's and the fault suite's.
 */
export const ISOLATED_STACK = {
  dir: resolve(ROOT, '.stack/isolated'),
  distDir: resolve(ROOT, '.stack/dist'),
  kafkaPort: 29_092,
  kafkaControllerPort: 29_093,
} as const;

export const isolatedKafkaBrokers = `127.0.0.1:${ISOLATED_STACK.kafkaPort}`;

/** Runs scripts/stack.sh against the isolated Kafka only. */
export function isolatedStack(...args: string[]): string {
  return privateStackScript(
    {
      STACK_DIR: ISOLATED_STACK.dir,
      STACK_DIST_DIR: ISOLATED_STACK.distDir,
      KAFKA_PORT: String(ISOLATED_STACK.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(ISOLATED_STACK.kafkaControllerPort),
      KAFKA_HEAP: '384m',
      STACK_TIMEOUT: '240',
    },
    args,
  );
}
