import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Integration and e2e tests talk to real Kafka, PostgreSQL and Camunda. The
 * stack script is idempotent and reuses what is running, so this costs a few
 * seconds when `npm test` has already brought it up.
 */
export default function globalSetup(): void {
  if (process.env.FLOWPILOT_SKIP_STACK === '1') return;
  const root = resolve(__dirname, '../..');
  execFileSync('bash', [resolve(root, 'scripts/stack.sh'), 'up'], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
}
