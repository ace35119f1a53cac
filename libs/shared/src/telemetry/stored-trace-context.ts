import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** A W3C trace context as text, for work that is stored now and done later (outbox rows). */
export interface StoredTraceContext {
  traceparent: string | null;
  tracestate: string | null;
}

const tracer = trace.getTracer('@flowpilot/shared/telemetry');

/** The active span's context as W3C headers; both null when nothing is being traced. */
export function captureTraceContext(): StoredTraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
}

/**
 * Runs deferred work in a span whose parent is the stored context, so the
 * work (and the HTTP client spans it makes) lands in the trace of what caused
 * it, however much later it runs. Without a stored context it starts a trace.
 */
export async function withSpanInStoredContext<T>(
  name: string,
  stored: StoredTraceContext,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  const carrier: Record<string, string> = {};
  if (stored.traceparent) carrier.traceparent = stored.traceparent;
  if (stored.tracestate) carrier.tracestate = stored.tracestate;
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Error) span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
