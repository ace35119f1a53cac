import { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { KafkaSettings } from '../config/common-settings';
import { EnvelopeKafkaTransport } from '../kafka/envelope-kafka.transport';
import { EventPublisher } from '../kafka/event-publisher';
import { PipelineEvents } from '../kafka/pipeline-events';
import { ProcessedEventStore } from '../kafka/processed-event.store';
import { AppLogger } from '../logging/app-logger';
import { APP_CONFIG, PROCESSED_EVENT_STORE } from './tokens';

export interface EnvelopeConsumerOptions {
  groupId: string;
  /** Where a new consumer group starts: the earliest offset (replay) or only new messages. */
  fromBeginning?: boolean;
}

/**
 * Attaches the envelope consumer to an app as its Nest microservice transport,
 * built from the app's own core providers. The app's `@OnEvent` handlers run
 * once `startAllMicroservices()` is called.
 */
export function connectEnvelopeConsumer(
  app: INestApplication,
  options: EnvelopeConsumerOptions,
): EnvelopeKafkaTransport {
  const settings = app.get<Partial<KafkaSettings>>(APP_CONFIG);
  const transport = new EnvelopeKafkaTransport({
    kafka: app.get(Kafka),
    groupId: options.groupId,
    publisher: app.get(EventPublisher),
    processedEvents: app.get<ProcessedEventStore>(PROCESSED_EVENT_STORE),
    events: app.get(PipelineEvents),
    logger: app.get(AppLogger).forContext('KafkaConsumer'),
    fromBeginning: options.fromBeginning ?? true,
    deadLetterMaxBytes: settings.KAFKA_DEAD_LETTER_MAX_BYTES,
    handling: settings.EVENT_HANDLING,
    batchSize: settings.EVENT_BATCH_SIZE,
  });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  return transport;
}
