import { Kafka, logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';
import type { KafkaSettings } from '../config/common-settings';
import type { AppLogger } from '../logging/app-logger';
import { patchKafkaRequestQueue } from './kafkajs-idle-loop.patch';

/** One kafkajs client per process, logging through the app's logger. */
export function createKafkaClient(service: string, settings: KafkaSettings, logger: AppLogger): Kafka {
  patchKafkaRequestQueue();
  const sasl =
    settings.KAFKA_SASL_USERNAME && settings.KAFKA_SASL_PASSWORD
      ? {
          mechanism: 'scram-sha-512' as const,
          username: settings.KAFKA_SASL_USERNAME,
          password: settings.KAFKA_SASL_PASSWORD,
        }
      : undefined;
  return new Kafka({
    clientId: `flowpilot-${service}`,
    brokers: settings.KAFKA_BROKERS,
    ssl: settings.KAFKA_SSL,
    sasl,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
    logLevel: KafkaLogLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      // Our producer retries are finite on purpose (callers retry; consumers dedupe by event id).
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      const level =
        entry.level <= KafkaLogLevel.ERROR ? 'error' : entry.level === KafkaLogLevel.WARN ? 'warn' : 'debug';
      logger.write(level, `kafka: ${message}`, [{ ...fields, kafkaNamespace: entry.namespace }, 'Kafka']);
    },
  });
}
