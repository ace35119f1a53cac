import { KafkaRetriableException } from '@nestjs/microservices';
import { isTransientError, TransientError } from './transient-error';

describe('isTransientError', () => {
  it.each([
    ['a TransientError', new TransientError('node down')],
    ["Nest's KafkaRetriableException", new KafkaRetriableException('later')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a PostgreSQL admin shutdown', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a wrapped driver error', { message: 'query failed', driverError: { code: '08006' } }],
    ['a retriable kafkajs error', Object.assign(new Error('leader not available'), { retriable: true })],
    ['a terminated pg connection', new Error('Connection terminated unexpectedly')],
  ])('retries %s', (_name, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a constraint violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['nothing', undefined],
  ])('does not retry %s', (_name, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
