import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { registerSecret } from '../config/secret-redactor';
import { boolean, httpUrl } from '../config/settings';

/**
 * The standard OpenTelemetry settings Flowpilot interprets. The SDK reads the
 * rest of the OTEL_* family itself (sampler, batch delays, propagators); these
 * are checked here first so a typo stops the process naming the setting
 * instead of silently disabling traces.
 */
export const TelemetrySettingsSchema = z.object({
  OTEL_SDK_DISABLED: boolean(false),
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, dot, dash and underscore only')
    .optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json', 'grpc']).default('http/protobuf'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(['http/protobuf', 'http/json', 'grpc']).optional(),
  /** `key=value,…` pairs sent with every export; usually an auth header, so treated as secret. */
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().optional(),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_always_on'),
  /** The ratio of the *traceidratio samplers. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});

export type TelemetrySettings = z.output<typeof TelemetrySettingsSchema>;

export type TracesExporter = 'otlp' | 'console' | 'none';

/**
 * Tracing is on when the operator says where spans go: an explicit
 * OTEL_TRACES_EXPORTER wins, else an OTLP endpoint turns OTLP export on, else
 * nothing is exported (trace context is still propagated through Kafka).
 */
export function resolveTracesExporter(settings: TelemetrySettings): TracesExporter {
  if (settings.OTEL_TRACES_EXPORTER) return settings.OTEL_TRACES_EXPORTER;
  return settings.OTEL_EXPORTER_OTLP_ENDPOINT || settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
    ? 'otlp'
    : 'none';
}

export function loadTelemetrySettings(env: Record<string, string | undefined>): TelemetrySettings {
  const settings = loadConfig('telemetry', TelemetrySettingsSchema, env);
  for (const headers of [settings.OTEL_EXPORTER_OTLP_HEADERS, settings.OTEL_EXPORTER_OTLP_TRACES_HEADERS]) {
    for (const value of headerValues(headers)) registerSecret(value);
  }
  return settings;
}

function headerValues(headers: string | undefined): string[] {
  if (!headers) return [];
  return headers.split(',').flatMap((pair) => {
    const at = pair.indexOf('=');
    return at > 0 ? [decodeURIComponent(pair.slice(at + 1).trim())] : [];
  });
}
