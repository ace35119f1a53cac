import { KafkaRetriableException } from '@nestjs/microservices';
import { redact } from '../config/secret-redactor';

/** Thrown for failures that can succeed on retry (a dependency is down, a lock is held). */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
// PostgreSQL: connection exceptions, shutdown, too many connections, serialization/deadlock.
const TRANSIENT_PG_CODE = /^(08|57P0[1-3]|53300|40001|40P01)/;

/**
 * Retry only what can succeed on retry: infrastructure that is down or busy.
 * Anything else (bad data, a bug) goes to the dead-letter topic with its reason.
 */
export function isTransientError(error: unknown, depth = 0): boolean {
  if (depth > 5 || !error || typeof error !== 'object') return false;
  if (error instanceof TransientError || error instanceof KafkaRetriableException) return true;
  const e = error as {
    code?: unknown;
    retriable?: unknown;
    message?: unknown;
    cause?: unknown;
    driverError?: unknown;
  };
  if (typeof e.code === 'string' && (TRANSIENT_NODE_CODES.has(e.code) || TRANSIENT_PG_CODE.test(e.code)))
    return true;
  if (e.retriable === true) return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      e.message,
    )
  ) {
    return true;
  }
  return isTransientError(e.driverError, depth + 1) || isTransientError(e.cause, depth + 1);
}

/**
 * An error's text as it may leave the process (dead letters, events, health
 * details): secrets and URL credentials are masked.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return redact(error.message);
  return redact(typeof error === 'string' ? error : JSON.stringify(error));
}
