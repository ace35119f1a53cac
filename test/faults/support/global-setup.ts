import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_STACK, privatePostgres, stack } from './private-stack';

/**
 * Brings up the fault suite's private stack: Kafka (fresh data, so no other
 * run's events), two Camunda engines and the services' own PostgreSQL cluster.
 */
export default function globalSetup(): void {
  // Whatever an interrupted run left behind is stopped first (only what this private stack started).
  stack('down', 'camunda', 'kafka');
  rmSync(join(FAULT_STACK.dir, 'kafka', 'data'), { recursive: true, force: true });
  const postgres = privatePostgres();
  postgres.stop();
  postgres.init();
  postgres.start();
  postgres.createDatabase(FAULT_STACK.servicesDb);
  process.stdout.write(stack('up', 'kafka', 'camunda'));
}
