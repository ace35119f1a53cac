import { NodeSDK } from '@opentelemetry/sdk-node';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { flowpilotInstrumentations } from './instrumentations';
import { resolveTracesExporter, TelemetrySettings } from './telemetry-settings';
import { KafkaBatchSpanFilter, standardSampler } from './trace-sampler';

export interface ServiceIdentity {
  name: string;
  version?: string;
}

/** Incubating attribute in the semantic conventions, spelled out rather than imported from the unstable entry point. */
const ATTR_SERVICE_NAMESPACE = 'service.namespace';
const FLUSH_TIMEOUT_MS = 3_000;

/**
 * Builds the SDK for traces only: Flowpilot's metrics are Prometheus
 * (prom-client, /metrics) and its logs are JSON lines on stdout, so the SDK's
 * metric and log pipelines stay off. The exporter, protocol, endpoint,
 * headers and batch delays come from the standard OTEL_* settings, which the
 * SDK reads itself; the sampler is the standard one OTEL_TRACES_SAMPLER names,
 * without kafkajs' batch spans. OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
 * win over the defaults given here.
 */
export function createTelemetrySdk(settings: TelemetrySettings, identity: ServiceIdentity): NodeSDK {
  const exporting = resolveTracesExporter(settings) !== 'none';
  return new NodeSDK({
    serviceName: identity.name,
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAMESPACE]: 'flowpilot',
        ...(identity.version ? { [ATTR_SERVICE_VERSION]: identity.version } : {}),
      }),
    ),
    instrumentations: flowpilotInstrumentations(),
    sampler: new KafkaBatchSpanFilter(
      standardSampler(settings.OTEL_TRACES_SAMPLER, settings.OTEL_TRACES_SAMPLER_ARG),
    ),
    ...(exporting ? {} : { spanProcessors: [] }),
    metricReaders: [],
    logRecordProcessors: [],
  });
}

/**
 * Starts tracing and flushes buffered spans when the process is asked to stop.
 * The app's own shutdown runs alongside; if nothing else handles the signal,
 * it is raised again after the flush so the process still ends.
 */
export function startTelemetry(settings: TelemetrySettings, identity: ServiceIdentity): NodeSDK | null {
  if (settings.OTEL_SDK_DISABLED) return null;
  const sdk = createTelemetrySdk(settings, identity);
  sdk.start();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void flush(sdk).then(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    });
  }
  return sdk;
}

function flush(sdk: NodeSDK): Promise<void> {
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref());
  return Promise.race([sdk.shutdown().catch(() => undefined), deadline]);
}
