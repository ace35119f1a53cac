import { ConfigurationError } from '../config/load-config';
import { clearRegisteredSecrets, redact } from '../config/secret-redactor';
import { loadTelemetrySettings, resolveTracesExporter } from './telemetry-settings';

describe('telemetry settings', () => {
  afterEach(() => clearRegisteredSecrets());

  it('exports nothing when no exporter or endpoint is named', () => {
    const sut = loadTelemetrySettings({});
    expect(resolveTracesExporter(sut)).toBe('none');
    expect(sut.OTEL_SDK_DISABLED).toBe(false);
    expect(sut.OTEL_EXPORTER_OTLP_PROTOCOL).toBe('http/protobuf');
  });

  it('turns OTLP export on when an endpoint is given', () => {
    const sut = loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/' });
    expect(resolveTracesExporter(sut)).toBe('otlp');
    expect(sut.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
  });

  it('lets an explicit OTEL_TRACES_EXPORTER win over an endpoint', () => {
    const sut = loadTelemetrySettings({
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces',
    });
    expect(resolveTracesExporter(sut)).toBe('none');
  });

  it('names the setting that is malformed', () => {
    const attempt = () =>
      loadTelemetrySettings({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_SDK_DISABLED: 'maybe' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(attempt).toThrow(/OTEL_SDK_DISABLED/);
  });

  it('checks the sampler and its ratio', () => {
    expect(loadTelemetrySettings({})).toMatchObject({
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_TRACES_SAMPLER_ARG: 1,
    });
    expect(
      loadTelemetrySettings({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.2',
      }),
    ).toMatchObject({
      OTEL_TRACES_SAMPLER_ARG: 0.2,
    });
    expect(() => loadTelemetrySettings({ OTEL_TRACES_SAMPLER_ARG: '20%' })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG/,
    );
    expect(() => loadTelemetrySettings({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(
      /OTEL_TRACES_SAMPLER/,
    );
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => loadTelemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('treats exporter header values as secrets', () => {
    loadTelemetrySettings({
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cr3t-token,x-tenant=acme-corp',
    });
    expect(redact('sent Bearer s3cr3t-token for acme-corp')).toBe('sent [REDACTED] for [REDACTED]');
  });
});
