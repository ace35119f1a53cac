import { flowpilotInstrumentations, isUntracedRequest } from './instrumentations';

describe('isUntracedRequest', () => {
  it.each(['/health/live', '/health/ready', '/health', '/metrics', '/metrics?x=1'])('skips %s', (url) => {
    expect(isUntracedRequest({ url })).toBe(true);
  });

  it.each(['/api/v1/incidents', '/healthcheck-report', '/api/v1/metrics-summary', '/'])(
    'traces %s',
    (url) => {
      expect(isUntracedRequest({ url })).toBe(false);
    },
  );
});

describe('flowpilotInstrumentations', () => {
  it('covers HTTP in and out, Express, Kafka and PostgreSQL', () => {
    const sut = flowpilotInstrumentations();
    const names = sut.map((i) => i.instrumentationName);
    expect(names).toEqual(
      expect.arrayContaining([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-undici',
        '@opentelemetry/instrumentation-kafkajs',
        '@opentelemetry/instrumentation-pg',
      ]),
    );
    sut.forEach((i) => i.disable());
  });
});
