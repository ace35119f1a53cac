import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The fleet suites need the mixed fleet: Camunda 7.24, Operaton on PostgreSQL and Operaton on MariaDB
 * (FLEET=mixed). The stack script reuses what runs, so this is quick when the fleet is already up.
 */
export default function globalSetup(): void {
  if (process.env.FLOWPILOT_SKIP_STACK === '1') return;
  const root = resolve(__dirname, '../../..');
  execFileSync('bash', [resolve(root, 'scripts/stack.sh'), 'up'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FLEET: process.env.FLEET ?? 'mixed' },
  });
}
