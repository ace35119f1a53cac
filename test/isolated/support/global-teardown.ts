import { isolatedStack } from './isolated-stack';

/** Stops the isolated Kafka, whatever the tests' outcome. */
export default function globalTeardown(): void {
  isolatedStack('down', 'kafka');
}
