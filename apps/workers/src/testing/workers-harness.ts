import { createServiceDataSource, initializeServiceDataSource, loadConfig } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { createHandlers, selectHandlers } from '../bootstrap/handlers.factory';
import { NotificationRepository } from '../database/notification.repository';
import { SecurityEventRepository } from '../database/security-event.repository';
import { WorkersSchema1763900000000 } from '../database/workers-schema.migration';
import { FareDecisionEventMap, FareDecisionEvents } from '../fare-rules/fare-decision.events';
import { WorkerEvents } from '../runtime/worker.events';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { WalletRepository } from '../wallet/wallet.repository';
import { WorkersConfig, WorkersConfigSchema } from '../workers.config';
import { workersSettings } from '../workers.settings';
import { workerRuntimeOf } from './worker-runtime.fixture';

/**
 * The workers' runtime and every handler, wired as the app wires them, in
 * the test process: real Camunda, real PostgreSQL (schema `workers`).
 */
export class WorkersHarness {
  readonly workerEvents = new WorkerEvents();
  readonly fareDecisions = new FareDecisionEvents();
  readonly decisions: FareDecisionEventMap['fare:decision'][0][] = [];
  db!: DataSource;
  runtime!: WorkerRuntime;
  config!: WorkersConfig;

  async start(env: Record<string, string>): Promise<void> {
    this.config = loadConfig('workers', WorkersConfigSchema, {
      CAMUNDA_CLIENT_ID: 'workers-int-spec',
      ...env,
    });
    this.db = createServiceDataSource({
      schema: 'workers',
      settings: this.config,
      migrations: [WorkersSchema1763900000000],
      applicationName: 'workers-int-spec',
    });
    await initializeServiceDataSource(this.db);
    this.fareDecisions.on('fare:decision', (d) => this.decisions.push(d));
    this.runtime = workerRuntimeOf(this.config, this.workerEvents);
    const settings = workersSettings(this.config).handlers;
    const handlers = createHandlers(settings, {
      db: this.db,
      wallets: new WalletRepository(),
      security: new SecurityEventRepository(),
      notifications: new NotificationRepository(),
      fareDecisions: this.fareDecisions,
    });
    for (const handler of selectHandlers(handlers, settings.topics)) this.runtime.register(handler);
    this.runtime.start();
  }

  async stop(): Promise<void> {
    await this.runtime?.stop(2_000);
    if (this.db?.isInitialized) await this.db.destroy();
  }
}
