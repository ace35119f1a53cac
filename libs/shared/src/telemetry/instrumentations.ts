import type { IncomingMessage } from 'node:http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Instrumentation } from '@opentelemetry/instrumentation';

/** Probes and scrapes arrive every few seconds and say nothing about the work; they would drown the traces. */
const UNTRACED_PATHS = /^\/(health(\/|$|\?)|metrics($|\?))/;

export function isUntracedRequest(request: Pick<IncomingMessage, 'url'>): boolean {
  return UNTRACED_PATHS.test(request.url ?? '');
}

/**
 * What Flowpilot's traces are made of: inbound HTTP (the gateway's API),
 * Express routing, outbound fetch (Camunda REST, webhooks, the LLM), Kafka
 * produce (consume spans that continue the producer's trace come from
 * EnvelopeKafkaTransport), and PostgreSQL queries made inside a traced piece
 * of work (pollers' background queries would each start a lone trace).
 */
export function flowpilotInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: isUntracedRequest }),
    new ExpressInstrumentation(),
    new UndiciInstrumentation(),
    new KafkaJsInstrumentation(),
    new PgInstrumentation({ requireParentSpan: true }),
  ];
}
