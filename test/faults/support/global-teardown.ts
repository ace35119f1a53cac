import { privatePostgres, stack } from './private-stack';

/** Stops everything the private stack started, whatever the tests' outcome. */
export default function globalTeardown(): void {
  const failures: string[] = [];
  try {
    stack('down', 'camunda', 'kafka');
  } catch (error) {
    failures.push(`stack down: ${(error as Error).message}`);
  }
  try {
    privatePostgres().stop();
  } catch (error) {
    failures.push(`private PostgreSQL stop: ${(error as Error).message}`);
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
}
