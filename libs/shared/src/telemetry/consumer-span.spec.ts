import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { recordSpansInMemory } from '../testing/in-memory-tracing';
import { ConsumedMessage, withConsumerSpan } from './consumer-span';

const PRODUCER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PRODUCER_SPAN = '00f067aa0ba902b7';
const ENVELOPE_TRACE = '0af7651916cd43dd8448eb211c80319c';

function message(overrides: Partial<ConsumedMessage> = {}): ConsumedMessage {
  return {
    topic: 'camunda.incident.opened.v1',
    partition: 2,
    offset: '41',
    groupId: 'flowpilot.incident-ai',
    eventId: '2f6c1c56-6c7b-4f43-a1a4-0c2a0f1b9f10',
    headers: { traceparent: `00-${PRODUCER_TRACE}-${PRODUCER_SPAN}-01` },
    traceparent: `00-${ENVELOPE_TRACE}-b7ad6b7169203331-01`,
    ...overrides,
  };
}

describe('withConsumerSpan', () => {
  const exporter = recordSpansInMemory();

  it('continues the producer trace from the message headers as a CONSUMER span', async () => {
    const outcome = await withConsumerSpan(message(), async () => 'handled');

    expect(outcome).toBe('handled');
    const [sut] = exporter.getFinishedSpans();
    expect(sut.kind).toBe(SpanKind.CONSUMER);
    expect(sut.name).toBe('process camunda.incident.opened.v1');
    expect(sut.spanContext().traceId).toBe(PRODUCER_TRACE);
    expect(sut.parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
    expect(sut.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'camunda.incident.opened.v1',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': '41',
      'messaging.consumer.group.name': 'flowpilot.incident-ai',
      'flowpilot.consume.outcome': 'handled',
    });
  });

  it('falls back to the envelope trace when the message has no trace headers', async () => {
    await withConsumerSpan(message({ headers: {} }), async () => 'handled');
    expect(exporter.getFinishedSpans()[0].spanContext().traceId).toBe(ENVELOPE_TRACE);
  });

  it('makes its span the active context, so what the handler publishes carries it on', async () => {
    const injected: Record<string, string> = {};
    await withConsumerSpan(message(), async () => {
      propagation.inject(context.active(), injected);
      return 'handled';
    });
    const [sut] = exporter.getFinishedSpans();
    expect(injected.traceparent).toBe(`00-${PRODUCER_TRACE}-${sut.spanContext().spanId}-01`);
  });

  it('marks dead-lettered messages as errors', async () => {
    await withConsumerSpan(message(), async () => 'dead-lettered');
    expect(exporter.getFinishedSpans()[0].status.code).toBe(SpanStatusCode.ERROR);
  });

  it('records a thrown error, ends the span and rethrows', async () => {
    await expect(
      withConsumerSpan(message(), async () => Promise.reject(new Error('broker gone'))),
    ).rejects.toThrow('broker gone');
    const [sut] = exporter.getFinishedSpans();
    expect(sut.status).toEqual({ code: SpanStatusCode.ERROR, message: 'broker gone' });
    expect(sut.events.map((e) => e.name)).toContain('exception');
  });

  it('starts a new trace when there is no context at all', async () => {
    await withConsumerSpan(message({ headers: {}, traceparent: undefined }), async () => 'handled');
    const [sut] = exporter.getFinishedSpans();
    expect(sut.parentSpanContext).toBeUndefined();
    expect(sut.spanContext().traceId).not.toBe(PRODUCER_TRACE);
  });
});
