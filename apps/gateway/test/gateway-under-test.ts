import { randomBytes, randomUUID } from 'node:crypto';
import { EventPublisher } from '@flowpilot/shared';
import { psql, uniqueDatabaseName } from '@flowpilot/shared/testing';
import { GatewayProcess, testPublisher } from './gateway-process';

export interface GatewayUnderTestOptions {
  /** The run's mark, where the gateway's settings already name things by it; a fresh one otherwise. */
  run?: string;
  /** Settings of this spec's gateway on top of the shared ones (webhook timings, Camunda nodes, …). */
  env?: Record<string, string>;
  /** Whether the spec publishes facts itself; a spec fed by real collectors leaves it off. */
  publishes?: boolean;
}

/**
 * What every gateway int-spec sets up around the real stack: a database and Kafka consumer groups of this
 * run only, a gateway from source on them with its own admin key, and a publisher feeding it facts the
 * way the collector and incident-ai do. `start()` in beforeAll, `stop()` in afterAll.
 */
export class GatewayUnderTest {
  /** Marks what this run creates (node ids, process keys), so runs sharing the broker never meet. */
  readonly run: string;
  readonly adminKey = `it-admin-${randomBytes(16).toString('hex')}`;
  readonly database: string;
  /** The settings any app of this run takes: its consumer groups, its database, quiet logs. */
  readonly env: Record<string, string>;
  readonly gateway: GatewayProcess;
  private readonly publishes: boolean;
  private feed: { publisher: EventPublisher; close: () => Promise<void> } | null = null;

  constructor(name: string, options: GatewayUnderTestOptions = {}) {
    this.run = options.run ?? randomUUID().slice(0, 8);
    this.database = uniqueDatabaseName(`flowpilot_gw_${name}`);
    this.env = { KAFKA_GROUP_PREFIX: `it-${this.run}`, DB_NAME: this.database, LOG_LEVEL: 'warn' };
    this.gateway = new GatewayProcess(
      { ...this.env, GATEWAY_BOOTSTRAP_ADMIN_KEY: this.adminKey, ...options.env },
      `gateway-${name}-${this.run}`,
    );
    this.publishes = options.publishes ?? true;
  }

  get publisher(): EventPublisher {
    if (!this.feed) throw new Error('the publisher opens in start() and only when the spec publishes');
    return this.feed.publisher;
  }

  /** The database exists before the first await, so other apps of this run may start alongside. */
  async start(): Promise<void> {
    psql(`CREATE DATABASE ${this.database}`);
    if (this.publishes) this.feed = await testPublisher();
    await this.gateway.start();
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    await this.feed?.close();
    psql(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }
}
