import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PipelineEvents } from '../kafka/pipeline-events';

/** Pipeline metrics, fed by the Kafka plumbing's lifecycle events. */
export function registerPipelineMetrics(registry: Registry, events: PipelineEvents): void {
  const produced = new Counter({
    name: 'flowpilot_kafka_messages_produced_total',
    help: 'Messages written to Kafka, per topic.',
    labelNames: ['topic'],
    registers: [registry],
  });
  const consumed = new Counter({
    name: 'flowpilot_kafka_messages_consumed_total',
    help: 'Messages read from Kafka, per topic and outcome (handled, duplicate, dead-lettered).',
    labelNames: ['topic', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'flowpilot_kafka_message_processing_seconds',
    help: 'Time from reading a message to finishing its handler.',
    labelNames: ['topic'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'flowpilot_kafka_dead_letters_total',
    help: 'Messages sent to a dead-letter topic, per source topic.',
    labelNames: ['topic'],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'flowpilot_kafka_handler_retries_total',
    help: 'Retries of transient handler failures, per topic.',
    labelNames: ['topic'],
    registers: [registry],
  });
  const lag = new Gauge({
    name: 'flowpilot_kafka_consumer_lag',
    help: 'Messages behind the end of the partition after the last batch.',
    labelNames: ['topic', 'partition'],
    registers: [registry],
  });

  events.on('produced', ({ topic, count }) => produced.inc({ topic }, count));
  events.on('consumed', ({ topic, outcome, durationMs, count = 1 }) => {
    consumed.inc({ topic, outcome }, count);
    // A chunk's messages finished together: each took the chunk's time from reading to commit.
    for (let i = 0; i < count; i++) duration.observe({ topic }, durationMs / 1000);
  });
  events.on('deadLettered', ({ topic }) => deadLetters.inc({ topic }));
  events.on('retrying', ({ topic }) => retries.inc({ topic }));
  events.on('lag', ({ topic, partition, lag: value }) =>
    lag.set({ topic, partition: String(partition) }, value),
  );
}
