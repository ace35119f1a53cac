import { randomBytes, randomUUID } from 'node:crypto';
import { AppName, AppProcess } from '../../support/app-process';
import { camundaDbUrl, camundaUrl, FAULT_STACK, faultKafkaBrokers } from './private-stack';

export const RUN = randomUUID().slice(0, 8);
export const NODE_NAMES = ['fnode1', 'fnode2'] as const;
export const adminKey = `fp_faults_${randomBytes(16).toString('hex')}`;

/**
 * Settings chosen so the faults are observable in bounded time: a 1 s poll
 * cycle, a circuit that opens on the first failed cycle (node-down "within
 * two cycles"; and the most sensitive setting for a false node-down, which the
 * Kafka and PostgreSQL faults must not cause) and half-opens after 5 s, and
 * webhook retries capped at 5 s so a receiver that comes back is served
 * within a few seconds.
 */
export const POLL_INTERVAL_MS = 1_000;
export const CIRCUIT_FAILURE_THRESHOLD = 1;
export const CIRCUIT_OPEN_MS = 5_000;

const env: Record<string, string> = {
  KAFKA_BROKERS: faultKafkaBrokers,
  KAFKA_GROUP_PREFIX: `faults-${RUN}`,
  DB_HOST: '127.0.0.1',
  DB_PORT: String(FAULT_STACK.servicesPgPort),
  DB_NAME: FAULT_STACK.servicesDb,
  DB_USER: 'postgres',
  LOG_LEVEL: 'info',
  CAMUNDA_NODE_1_NAME: NODE_NAMES[0],
  CAMUNDA_NODE_1_URL: camundaUrl(1),
  CAMUNDA_NODE_1_DB_URL: camundaDbUrl(1),
  CAMUNDA_NODE_2_NAME: NODE_NAMES[1],
  CAMUNDA_NODE_2_URL: camundaUrl(2),
  CAMUNDA_NODE_2_DB_URL: camundaDbUrl(2),
  POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
  NODE_POLL_TIMEOUT_MS: '8000',
  CIRCUIT_FAILURE_THRESHOLD: String(CIRCUIT_FAILURE_THRESHOLD),
  CIRCUIT_OPEN_MS: String(CIRCUIT_OPEN_MS),
  INITIAL_BACKFILL_DAYS: '0',
  GATEWAY_BOOTSTRAP_ADMIN_KEY: adminKey,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_INITIAL_DELAY_MS: '500',
  WEBHOOK_RETRY_MAX_DELAY_MS: '5000',
  WEBHOOK_TIMEOUT_MS: '3000',
  WEBHOOK_POLL_INTERVAL_MS: '250',
};

/** The gateway needs no engine for these faults; without CAMUNDA_NODE_* its readiness ignores the engines. */
const GATEWAY_ONLY_KEYS = Object.keys(env).filter((key) => !key.startsWith('CAMUNDA_NODE_'));

export type FaultAppName = 'collector' | 'incident-ai' | 'gateway' | 'analyzer';

export const httpPorts: Record<FaultAppName, number> = {
  gateway: 14_000 + Math.floor(Math.random() * 900),
  collector: 0,
  'incident-ai': 0,
  analyzer: 0,
};
httpPorts.collector = httpPorts.gateway + 1;
httpPorts['incident-ai'] = httpPorts.gateway + 2;
httpPorts.analyzer = httpPorts.gateway + 3;

export function faultApp(name: FaultAppName): AppProcess {
  const appEnv =
    name === 'gateway' ? Object.fromEntries(GATEWAY_ONLY_KEYS.map((key) => [key, env[key]])) : env;
  return new AppProcess(name as AppName, appEnv, httpPorts[name], `faults-${RUN}`);
}

export async function readiness(name: keyof typeof httpPorts): Promise<boolean | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${httpPorts[name]}/health/ready`);
    return response.ok;
  } catch {
    return null;
  }
}

export function gatewayApi(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('X-API-Key', adminKey);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`http://127.0.0.1:${httpPorts.gateway}/api/v1${path}`, { ...init, headers });
}

/** One sample of the collector's /metrics: the series named `name` carrying every given label (in any order). */
export async function collectorMetric(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPorts.collector}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const found = text
    .split('\n')
    .find((line) => line.startsWith(`${name}{`) && wanted.every((label) => line.includes(label)));
  return found ? Number(found.trim().split(/\s+/).pop()) : 0;
}
