import { randomBytes, randomUUID } from 'node:crypto';
import { psql } from '@flowpilot/shared/testing';
import { AppProcess } from './app-process';
import { CAMUNDA_NODE1_URL } from './camunda';

/** The kit's `psql`, as the hostile-LLM int-specs of bpmn-generator and incident-ai import it from here. */
export { psql };

/**
 * The gateway alone as a real process, on its own database and consumer group,
 * with a bootstrap admin key: what the security e2e tests drive over HTTP.
 */
export class GatewayUnderTest {
  readonly run = randomUUID().slice(0, 8);
  readonly database = `flowpilot_sec_${this.run}`;
  readonly adminKey = `fp_sec_${randomBytes(16).toString('hex')}`;
  readonly port = 14_000 + Math.floor(Math.random() * 1_000);
  readonly app: AppProcess;

  constructor(extraEnv: Record<string, string> = {}, tag = 'security') {
    this.app = new AppProcess(
      'gateway',
      {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
        KAFKA_GROUP_PREFIX: `sec-${this.run}`,
        DB_HOST: '127.0.0.1',
        DB_NAME: this.database,
        DB_USER: 'postgres',
        LOG_LEVEL: 'info',
        CAMUNDA_NODE_1_NAME: 'node1',
        CAMUNDA_NODE_1_URL: CAMUNDA_NODE1_URL,
        GATEWAY_BOOTSTRAP_ADMIN_KEY: this.adminKey,
        ...extraEnv,
      },
      this.port,
      `${tag}-${this.run}`,
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    psql(`CREATE DATABASE ${this.database}`);
    await this.app.start();
  }

  async stop(): Promise<void> {
    await this.app.stop();
    psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }

  /** A request to the gateway; `key: null` sends none. A JSON body is sent as such. */
  request(
    method: string,
    path: string,
    options: { key?: string | null; body?: unknown } = {},
  ): Promise<Response> {
    const headers = new Headers();
    const key = options.key === undefined ? this.adminKey : options.key;
    if (key) headers.set('X-API-Key', key);
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  }
}
