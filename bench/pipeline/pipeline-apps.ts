import { AppName, AppProcess } from '../../test/support/app-process';
import { databaseUrl, pipelineCamundaUrl, pipelineKafka, PIPELINE_STACK } from './pipeline-stack';
import { ADMIN_KEY, EventHandling, handlingEnv, RUN, SETTINGS } from './pipeline-settings';

/** One set of services sharing a database and a consumer-group prefix: a "deployment" of Flowpilot. */
export interface Deployment {
  label: string;
  database: string;
  groupPrefix: string;
  handling: EventHandling;
}

export function deployment(label: string, handling: EventHandling, database: string): Deployment {
  return { label, database, groupPrefix: `bench-pipeline-${RUN}-${label}`, handling };
}

/** The consumer group a service of the deployment joins (the transport names it `<prefix>.<service>`). */
export const groupOf = (d: Deployment, service: AppName) => `${d.groupPrefix}.${service}`;

function baseEnv(d: Deployment): Record<string, string> {
  return {
    KAFKA_BROKERS: pipelineKafka,
    KAFKA_GROUP_PREFIX: d.groupPrefix,
    DB_HOST: PIPELINE_STACK.pg.host,
    DB_PORT: String(PIPELINE_STACK.pg.port),
    DB_NAME: d.database,
    DB_USER: PIPELINE_STACK.pg.user,
    LOG_LEVEL: 'warn',
    ...handlingEnv(d.handling),
  };
}

/** A collector watching one engine: its REST API and its database (the SQL path). */
export function collectorApp(
  d: Deployment,
  port: number,
  node: { name: string; engineDb: string; backfillDays: number },
): AppProcess {
  return new AppProcess(
    'collector',
    {
      ...baseEnv(d),
      CAMUNDA_NODE_1_NAME: node.name,
      CAMUNDA_NODE_1_URL: pipelineCamundaUrl,
      CAMUNDA_NODE_1_DB_URL: databaseUrl(node.engineDb),
      POLL_INTERVAL_MS: String(SETTINGS.pollIntervalMs),
      INITIAL_BACKFILL_DAYS: String(node.backfillDays),
    },
    port,
    `bench-pipeline-${RUN}-${d.label}`,
  );
}

export function analyzerApp(d: Deployment, port: number, replica = 1): AppProcess {
  return new AppProcess('analyzer', baseEnv(d), port, `bench-pipeline-${RUN}-${d.label}-${replica}`);
}

/** The gateway needs no engine to project events and deliver webhooks. */
export function gatewayApp(d: Deployment, port: number): AppProcess {
  return new AppProcess(
    'gateway',
    { ...baseEnv(d), GATEWAY_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    port,
    `bench-pipeline-${RUN}-${d.label}`,
  );
}

/** Stops every app given, whatever state each is in; never throws (clean-up must go on). */
export async function stopApps(apps: AppProcess[]): Promise<void> {
  await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
}
