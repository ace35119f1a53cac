import { Context, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { AlwaysOnSampler, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { KafkaBatchSpanFilter, SamplerName, standardSampler } from './trace-sampler';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function under(isRemote: boolean): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote,
  });
}

describe('KafkaBatchSpanFilter', () => {
  const sut = new KafkaBatchSpanFilter(new AlwaysOnSampler());
  const decide = (context: Context, kind: SpanKind, attributes: Record<string, string>) =>
    sut.shouldSample(context, TRACE_ID, 'span', kind, attributes, []).decision;
  const kafka = { 'messaging.system': 'kafka' };

  it("drops kafkajs' per-batch poll span and the process spans under it", () => {
    expect(decide(ROOT_CONTEXT, SpanKind.CLIENT, { ...kafka, 'messaging.operation.type': 'receive' })).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(decide(under(false), SpanKind.CONSUMER, { ...kafka, 'messaging.operation.type': 'process' })).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });

  it("keeps Flowpilot's consumer spans and kafkajs' spans that continue a producer's trace", () => {
    const flowpilot = {
      ...kafka,
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': 'flowpilot.gateway',
    };
    expect(decide(under(true), SpanKind.CONSUMER, flowpilot)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(under(true), SpanKind.CONSUMER, { ...kafka, 'messaging.operation.type': 'process' })).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide(ROOT_CONTEXT, SpanKind.CONSUMER, { ...kafka, 'messaging.operation.type': 'process' })).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it('leaves every other span to the configured sampler', () => {
    expect(decide(ROOT_CONTEXT, SpanKind.PRODUCER, { ...kafka, 'messaging.operation.type': 'send' })).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide(ROOT_CONTEXT, SpanKind.SERVER, { 'http.request.method': 'GET' })).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    const off = new KafkaBatchSpanFilter(standardSampler('always_off'));
    expect(off.shouldSample(ROOT_CONTEXT, TRACE_ID, 'GET', SpanKind.SERVER, {}, []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(off.toString()).toBe('KafkaBatchSpanFilter{AlwaysOffSampler}');
  });
});

describe('standardSampler', () => {
  it.each<[SamplerName, string]>([
    ['always_on', 'AlwaysOnSampler'],
    ['always_off', 'AlwaysOffSampler'],
    ['traceidratio', 'TraceIdRatioBased{0.25}'],
    ['parentbased_always_on', 'ParentBased{root=AlwaysOnSampler'],
    ['parentbased_always_off', 'ParentBased{root=AlwaysOffSampler'],
    ['parentbased_traceidratio', 'ParentBased{root=TraceIdRatioBased{0.25}'],
  ])('builds %s', (name, description) => {
    expect(standardSampler(name, 0.25).toString()).toContain(description);
  });

  it('follows the parent decision in the parent-based samplers', () => {
    const sut = standardSampler('parentbased_traceidratio', 0);
    expect(sut.shouldSample(under(true), TRACE_ID, 'process', SpanKind.CONSUMER, {}, []).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(sut.shouldSample(ROOT_CONTEXT, TRACE_ID, 'poll', SpanKind.CLIENT, {}, []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });
});
