import { registerSecret, clearRegisteredSecrets } from '../config/secret-redactor';
import { AppLogger } from './app-logger';
import { runWithTraceContext } from './trace-context';

describe('AppLogger', () => {
  const lines: string[] = [];
  const sut = new AppLogger('gateway', 'info', (line) => lines.push(line));

  beforeEach(() => (lines.length = 0));
  afterEach(() => clearRegisteredSecrets());

  it('writes one JSON line stamped with service, trace and correlation ids', () => {
    runWithTraceContext(
      { correlationId: 'corr-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      () => sut.forContext('Webhooks').info('delivered', { status: 200 }),
    );

    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      service: 'gateway',
      context: 'Webhooks',
      msg: 'delivered',
      status: 200,
      correlationId: 'corr-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('redacts registered secrets wherever they appear', () => {
    registerSecret('sk-test-0123456789');

    sut.error('LLM call failed with key sk-test-0123456789', { header: 'Bearer sk-test-0123456789' });

    expect(lines[0]).not.toContain('sk-test-0123456789');
    expect(lines[0]).toContain('[REDACTED]');
  });

  it('drops lines below its level', () => {
    sut.debug('noise');

    expect(lines).toHaveLength(0);
  });
});
