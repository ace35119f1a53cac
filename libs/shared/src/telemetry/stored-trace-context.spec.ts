import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { recordSpansInMemory } from '../testing/in-memory-tracing';
import { captureTraceContext, withSpanInStoredContext } from './stored-trace-context';

const tracer = trace.getTracer('stored-trace-context-spec');

describe('stored trace context', () => {
  const exporter = recordSpansInMemory();

  it('captures nothing outside a span', () => {
    expect(captureTraceContext()).toEqual({ traceparent: null, tracestate: null });
  });

  it('runs later work as a child of the span that was active when the context was stored', async () => {
    const cause = tracer.startSpan('process incident.analysis.v1');
    const stored = context.with(trace.setSpan(context.active(), cause), () => captureTraceContext());
    cause.end();

    const innerTrace = await withSpanInStoredContext(
      'deliver webhook incident.analyzed',
      stored,
      { attempt: 1 },
      async () => {
        const inner = tracer.startSpan('POST');
        inner.end();
        return inner.spanContext().traceId;
      },
    );

    const deliver = exporter.getFinishedSpans().find((s) => s.name === 'deliver webhook incident.analyzed');
    const post = exporter.getFinishedSpans().find((s) => s.name === 'POST');
    expect(stored.traceparent).toBe(`00-${cause.spanContext().traceId}-${cause.spanContext().spanId}-01`);
    expect(deliver?.spanContext().traceId).toBe(cause.spanContext().traceId);
    expect(deliver?.parentSpanContext?.spanId).toBe(cause.spanContext().spanId);
    expect(deliver?.attributes).toMatchObject({ attempt: 1 });
    expect(innerTrace).toBe(cause.spanContext().traceId);
    expect(post?.parentSpanContext?.spanId).toBe(deliver?.spanContext().spanId);
  });

  it('starts a trace of its own without a stored context, and records a failure', async () => {
    await expect(
      withSpanInStoredContext('deliver webhook node.down', { traceparent: null, tracestate: null }, {}, () =>
        Promise.reject(new Error('refused')),
      ),
    ).rejects.toThrow('refused');
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});
