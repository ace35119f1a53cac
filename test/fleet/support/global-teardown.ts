import { fleetStack } from './fleet-stack';

/** Stops what the fleet stack started (its Kafka, and engines it launched itself); reused engines stay up. */
export default function globalTeardown(): void {
  if (process.env.FLOWPILOT_SKIP_STACK === '1') return;
  fleetStack('down');
}
