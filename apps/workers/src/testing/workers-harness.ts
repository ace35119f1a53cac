import { createServiceDataSource, initializeServiceDataSource, loadConfig } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { createHandlers } from '../bootstrap/handlers.factory';
import { createCamundaClient, createWorkerRuntime } from '../bootstrap/runtime.factory';
import { WorkersSchema1763900000000 } from '../database/workers-schema.migration';
import { LlmEventMap, LlmEvents } from '../fare-rules/llm-events';
import { WorkerEvents } from '../runtime/worker-lifecycle.events';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { WorkersConfig, WorkersConfigSchema } from '../workers.config';

/**
 * The workers' runtime and every handler, wired as the app wires them, in
 * the test process: real Camunda, real PostgreSQL (schema `workers`).
 */
export class WorkersHarness {
  readonly workerEvents = new WorkerEvents();
  readonly llmEvents = new LlmEvents();
  readonly decisions: LlmEventMap['fare:decision'][0][] = [];
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
    this.llmEvents.on('fare:decision', (d) => this.decisions.push(d));
    this.runtime = createWorkerRuntime(this.config, createCamundaClient(this.config), this.workerEvents);
    for (const handler of createHandlers(this.config, this.db, this.llmEvents))
      this.runtime.register(handler);
    this.runtime.start();
  }

  async stop(): Promise<void> {
    await this.runtime?.stop(2_000);
    if (this.db?.isInitialized) await this.db.destroy();
  }
}
