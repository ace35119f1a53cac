import { CAMUNDA_NODE1_URL } from './camunda';

/** What every app started by a test needs: the shared broker, consumer groups and a database of the test's own. */
export function stackEnv(options: {
  groupPrefix: string;
  database: string;
  logLevel: string;
}): Record<string, string> {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_GROUP_PREFIX: options.groupPrefix,
    DB_HOST: '127.0.0.1',
    DB_NAME: options.database,
    DB_USER: 'postgres',
    LOG_LEVEL: options.logLevel,
  };
}

/**
 * The incident pipeline (collector → incident-ai → gateway) on Camunda node1, polled every second, seeing
 * only incidents from now on, with a bootstrap admin key and webhooks allowed to loopback receivers.
 */
export function incidentPipelineEnv(options: {
  groupPrefix: string;
  database: string;
  logLevel: string;
  adminKey: string;
}): Record<string, string> {
  return {
    ...stackEnv(options),
    CAMUNDA_NODE_1_NAME: 'node1',
    CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL,
    CAMUNDA_NODE_1_DB_URL: 'postgres://postgres@127.0.0.1:5432/camunda_node1',
    POLL_INTERVAL_MS: '1000',
    INITIAL_BACKFILL_DAYS: '0',
    GATEWAY_BOOTSTRAP_ADMIN_KEY: options.adminKey,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  };
}
