import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { CommonSettings, DatabaseSettings, KafkaSettings } from '../config/common-settings';
import { createServiceDataSource, initializeServiceDataSource } from '../database/service-data-source';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health-registry';
import { EventPublisher } from '../kafka/event-publisher';
import { createKafkaClient } from '../kafka/kafka-client.factory';
import { PipelineEvents } from '../kafka/pipeline-events';
import { PostgresProcessedEventStore } from '../kafka/processed-event.store';
import { ProcessedEventsPruner } from '../kafka/processed-events.pruner';
import { AppLogger } from '../logging/app-logger';
import { registerPipelineLogging } from '../logging/pipeline-logging';
import { MetricsController } from '../metrics/metrics.controller';
import { createMetricsRegistry } from '../metrics/metrics-registry';
import { registerPipelineMetrics } from '../metrics/pipeline-metrics';
import { APP_CONFIG, KAFKA_PRODUCER, PROCESSED_EVENT_STORE } from './tokens';

type Constructor = new (...args: never[]) => unknown;
export type CoreSettings = CommonSettings & KafkaSettings & DatabaseSettings;

export interface FlowpilotCoreOptions {
  /** kebab-case service name: used for logs, metrics, the consumer group and (snake_case) the schema. */
  service: string;
  config: CoreSettings;
  entities?: MixedList<Constructor | string | EntitySchema>;
  migrations?: Constructor[];
}

export function schemaOf(service: string): string {
  return service.replace(/-/g, '_');
}

/** Closes the producer and the database pool after the app stops handling work. */
class CoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy().catch(() => undefined);
  }
}

/**
 * What every Flowpilot service has: validated settings, the JSON logger, the
 * Kafka client and typed publisher, its own database schema with migrations,
 * the processed-event store, Prometheus metrics and health probes.
 */
@Module({})
export class FlowpilotCoreModule {
  static forRoot(options: FlowpilotCoreOptions): DynamicModule {
    const { service, config } = options;
    const schema = schemaOf(service);
    return {
      module: FlowpilotCoreModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: AppLogger, useValue: new AppLogger(service, config.LOG_LEVEL) },
        {
          provide: PipelineEvents,
          inject: [AppLogger],
          useFactory: (logger: AppLogger) => {
            const events = new PipelineEvents();
            registerPipelineLogging(events, logger.forContext('Pipeline'));
            return events;
          },
        },
        { provide: HealthRegistry, useValue: new HealthRegistry() },
        {
          provide: Registry,
          inject: [PipelineEvents],
          useFactory: (events: PipelineEvents) => {
            const registry = createMetricsRegistry(service);
            registerPipelineMetrics(registry, events);
            return registry;
          },
        },
        {
          provide: Kafka,
          inject: [AppLogger],
          useFactory: (logger: AppLogger) => createKafkaClient(service, config, logger),
        },
        {
          provide: KAFKA_PRODUCER,
          inject: [Kafka, HealthRegistry],
          useFactory: async (kafka: Kafka, health: HealthRegistry) => {
            const producer = kafka.producer({
              idempotent: true,
              maxInFlightRequests: 1,
              allowAutoTopicCreation: false,
              // The Java client's murmur2 partitioning, so keys land where other Kafka clients put them.
              createPartitioner: Partitioners.DefaultPartitioner,
            });
            let connected = false;
            producer.on(producer.events.CONNECT, () => (connected = true));
            producer.on(producer.events.DISCONNECT, () => (connected = false));
            try {
              await producer.connect();
            } catch (error) {
              throw new Error(
                `Cannot reach Kafka at KAFKA_BROKERS=${config.KAFKA_BROKERS.join(',')}: ${(error as Error).message}`,
              );
            }
            health.register('kafka', async () => ({
              ok: connected,
              detail: connected ? 'connected' : 'disconnected',
            }));
            return producer;
          },
        },
        {
          provide: EventPublisher,
          inject: [KAFKA_PRODUCER, PipelineEvents],
          useFactory: (producer: Producer, events: PipelineEvents) =>
            new EventPublisher(producer, service, events),
        },
        {
          provide: DataSource,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const dataSource = createServiceDataSource({
              schema,
              settings: config,
              entities: options.entities,
              migrations: options.migrations,
              applicationName: `flowpilot-${service}`,
            });
            try {
              await initializeServiceDataSource(dataSource);
            } catch (error) {
              throw new Error(
                `Cannot prepare database schema "${schema}" at DB_HOST=${config.DB_HOST} DB_PORT=${config.DB_PORT} DB_NAME=${config.DB_NAME}: ${(error as Error).message}`,
              );
            }
            health.register('postgres', async () => {
              await dataSource.query('SELECT 1');
              return { ok: true };
            });
            return dataSource;
          },
        },
        {
          provide: PROCESSED_EVENT_STORE,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PostgresProcessedEventStore(dataSource, schema),
        },
        ProcessedEventsPruner,
        CoreLifecycle,
      ],
      exports: [
        APP_CONFIG,
        AppLogger,
        PipelineEvents,
        HealthRegistry,
        Registry,
        Kafka,
        KAFKA_PRODUCER,
        EventPublisher,
        DataSource,
        PROCESSED_EVENT_STORE,
      ],
    };
  }
}
