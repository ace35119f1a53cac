import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import type { TraceContext } from '../contracts/envelope';

/**
 * The correlation id follows one piece of work (an HTTP request, a consumed
 * event) through logs and into the messages it produces. W3C trace context
 * comes from OpenTelemetry when the SDK is running.
 */
const storage = new AsyncLocalStorage<TraceContext>();

export function currentTraceContext(): TraceContext {
  const active = storage.getStore();
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    correlationId: active?.correlationId ?? randomUUID(),
    traceparent: carrier.traceparent ?? active?.traceparent,
    tracestate: carrier.tracestate ?? active?.tracestate,
  };
}

export function runWithTraceContext<T>(trace: TraceContext, work: () => T): T {
  return storage.run(trace, work);
}

/** Ids a log line is stamped with. */
export function logCorrelation(): { traceId?: string; correlationId?: string } {
  const spanContext = trace.getSpanContext(context.active());
  const active = storage.getStore();
  const traceId = spanContext?.traceId ?? traceIdOf(active?.traceparent);
  return { traceId, correlationId: active?.correlationId };
}

function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[1];
}
