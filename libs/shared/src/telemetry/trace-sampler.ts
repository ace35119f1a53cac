import { Attributes, Context, Link, SpanKind, trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  Sampler,
  SamplingDecision,
  SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/** The standard OTEL_TRACES_SAMPLER choices; `ratio` is OTEL_TRACES_SAMPLER_ARG. */
export function standardSampler(name: SamplerName, ratio = 1): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

/**
 * Leaves out the spans kafkajs' instrumentation makes around a fetched batch:
 * a `poll <topic>` span that roots a new trace per batch, and a `process`
 * span per message under it, linked to but outside the producer's trace.
 * EnvelopeKafkaTransport records each message's processing itself, in the
 * producer's trace, so those would only be a second, disconnected copy.
 * kafkajs' per-message spans with a remote parent (eachMessage consumers)
 * continue their producer's trace and are kept.
 */
export class KafkaBatchSpanFilter implements Sampler {
  constructor(private readonly delegate: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (isKafkaBatchSpan(context, kind, attributes)) return { decision: SamplingDecision.NOT_RECORD };
    return this.delegate.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `KafkaBatchSpanFilter{${this.delegate.toString()}}`;
  }
}

function isKafkaBatchSpan(context: Context, kind: SpanKind, attributes: Attributes): boolean {
  if (attributes['messaging.system'] !== 'kafka') return false;
  if (kind === SpanKind.CLIENT && attributes['messaging.operation.type'] === 'receive') return true;
  // Flowpilot's own consumer spans name their consumer group; kafkajs' do not.
  if (kind !== SpanKind.CONSUMER || attributes['messaging.consumer.group.name'] !== undefined) return false;
  const parent = trace.getSpanContext(context);
  return parent !== undefined && !parent.isRemote;
}
