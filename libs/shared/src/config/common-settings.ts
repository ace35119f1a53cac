import { z } from 'zod';
import { csvList, integer, logLevel } from './settings';

/** Settings every service has; each app spreads these into its own schema. */
export const commonSettings = {
  LOG_LEVEL: logLevel(),
  /** Port of the app's HTTP listener (health probes, metrics; the gateway's API). */
  HTTP_PORT: integer(3000, 1, 65535),
  /** How long graceful shutdown may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 100, 120_000),
};

export const kafkaSettings = {
  KAFKA_BROKERS: csvList('127.0.0.1:9092').pipe(
    z.array(z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port')).min(1),
  ),
  /** Prefix for consumer group ids, so several Flowpilot installs can share a cluster. */
  KAFKA_GROUP_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/)
    .default('flowpilot'),
  KAFKA_SSL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /**
   * Largest dead-letter record in bytes; a longer original value is cut to its
   * first bytes. Below the broker's 1 MiB message.max.bytes, so a dead letter
   * of a message near that limit can always be sent.
   */
  KAFKA_DEAD_LETTER_MAX_BYTES: integer(262_144, 16_384, 900_000),
  /**
   * How consumers that write only to their own database take events:
   * `batched` (one transaction per chunk, folded per key) or `per-message`
   * (one transaction per event; the old cost, kept for comparison).
   */
  EVENT_HANDLING: z.enum(['batched', 'per-message']).default('batched'),
  /** Largest chunk of events handled in one transaction. */
  EVENT_BATCH_SIZE: integer(500, 1, 10_000),
  /**
   * Handled event ids are kept this many days beyond their topic's Kafka retention (at least one):
   * while Kafka can still redeliver an event, its id must stay, or a replay would apply it twice.
   */
  PROCESSED_EVENTS_EXTRA_RETENTION_DAYS: integer(1, 1, 3_650),
};

/** Flowpilot's own database; each service keeps its tables in its own schema. */
export const databaseSettings = {
  DB_HOST: z.string().default('127.0.0.1'),
  DB_PORT: integer(5432, 1, 65535),
  DB_NAME: z.string().default('flowpilot'),
  DB_USER: z.string().default('postgres'),
  DB_PASSWORD: z.string().optional(),
  DB_POOL_SIZE: integer(10, 1, 100),
};

export type CommonSettings = z.infer<z.ZodObject<typeof commonSettings>>;
export type KafkaSettings = z.infer<z.ZodObject<typeof kafkaSettings>>;
export type DatabaseSettings = z.infer<z.ZodObject<typeof databaseSettings>>;
