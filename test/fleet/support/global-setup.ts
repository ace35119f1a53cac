import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FLEET_STACK, fleetStack } from './fleet-stack';

/**
 * Brings up the mixed fleet (Camunda 7.24, Operaton on PostgreSQL, Operaton on MariaDB) and the fleet's private
 * Kafka with fresh data. FLOWPILOT_SKIP_STACK=1 leaves the stack as it is (it must already run).
 */
export default function globalSetup(): void {
  if (process.env.FLOWPILOT_SKIP_STACK === '1') return;
  fleetStack('down', 'kafka');
  rmSync(join(FLEET_STACK.dir, 'kafka', 'data'), { recursive: true, force: true });
  try {
    process.stdout.write(fleetStack('up'));
  } catch (error) {
    fleetStack('down', 'kafka');
    throw error;
  }
}
