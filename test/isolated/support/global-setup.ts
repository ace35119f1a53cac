import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ISOLATED_STACK, isolatedStack } from './isolated-stack';

/**
 * Starts the isolated project's private Kafka with fresh data (no earlier
 * run's messages) and its catalogue topics. Jest runs no teardown when the
 * setup throws, so a failed start stops what it started before rethrowing.
 */
export default function globalSetup(): void {
  // Whatever an interrupted run left behind is stopped first (only what this private stack started).
  isolatedStack('down', 'kafka');
  rmSync(join(ISOLATED_STACK.dir, 'kafka', 'data'), { recursive: true, force: true });
  try {
    process.stdout.write(isolatedStack('up', 'kafka'));
  } catch (error) {
    isolatedStack('down', 'kafka');
    throw error;
  }
}
