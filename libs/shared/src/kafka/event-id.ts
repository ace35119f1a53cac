import { createHash, randomUUID } from 'node:crypto';

export function newEventId(): string {
  return randomUUID();
}

/**
 * A stable UUID (v5 layout, SHA-1 over a namespace-free name) for an event that
 * is derived from something already identified — a Camunda incident, another
 * event. A retried handler or a restarted collector re-publishes the same id,
 * and consumers' idempotency turns the repeat into a no-op.
 */
export function deriveEventId(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u241f')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
