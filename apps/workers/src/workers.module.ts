import { DynamicModule, Module } from '@nestjs/common';
import { AppLogger, EventPublisher, FlowpilotCoreModule, HealthRegistry } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createHandlers } from './bootstrap/handlers.factory';
import { createCamundaClient, createWorkerRuntime } from './bootstrap/runtime.factory';
import { WorkersLifecycle } from './bootstrap/workers-lifecycle.service';
import { WorkersSchema1763900000000 } from './database/workers-schema.migration';
import { WorkerEventPublisher } from './events/worker-event.publisher';
import { LlmEvents } from './fare-rules/llm-events';
import { registerWorkerMetrics } from './observability/worker-metrics';
import { subscribeFareAudit, subscribeWorkerLogs } from './observability/worker-log.subscriber';
import { WorkerEvents } from './runtime/worker-lifecycle.events';
import { WorkerRuntime } from './runtime/worker-runtime';
import { WorkersConfig } from './workers.config';

@Module({})
export class WorkersModule {
  static register(config: WorkersConfig): DynamicModule {
    return {
      module: WorkersModule,
      imports: [
        FlowpilotCoreModule.forRoot({ service: 'workers', config, migrations: [WorkersSchema1763900000000] }),
      ],
      providers: [
        { provide: WorkerEvents, useValue: new WorkerEvents() },
        { provide: LlmEvents, useValue: new LlmEvents() },
        {
          provide: WorkerEventPublisher,
          inject: [EventPublisher, AppLogger, WorkerEvents],
          useFactory: (publisher: EventPublisher, logger: AppLogger, events: WorkerEvents) => {
            const workerEvents = new WorkerEventPublisher(
              publisher,
              config.CAMUNDA_CLIENT_ID,
              config.CAMUNDA_NODE_NAME,
              logger.forContext('WorkerEvents'),
            );
            workerEvents.subscribe(events);
            return workerEvents;
          },
        },
        {
          provide: WorkerRuntime,
          inject: [DataSource, WorkerEvents, LlmEvents, Registry, AppLogger, HealthRegistry],
          useFactory: (
            db: DataSource,
            events: WorkerEvents,
            llm: LlmEvents,
            registry: Registry,
            logger: AppLogger,
            health: HealthRegistry,
          ) => {
            registerWorkerMetrics(registry, events, llm);
            subscribeWorkerLogs(logger.forContext('WorkerRuntime'), events);
            subscribeFareAudit(logger.forContext('FareRulesAudit'), llm);
            const client = createCamundaClient(config);
            health.register('camunda', async () => {
              const version = await client.get<{ version: string }>('/version', { timeoutMs: 2_000 });
              return { ok: true, detail: { node: config.CAMUNDA_NODE_NAME, version: version.version } };
            });
            const runtime = createWorkerRuntime(config, client, events);
            for (const handler of createHandlers(config, db, llm)) runtime.register(handler);
            return runtime;
          },
        },
        WorkersLifecycle,
      ],
    };
  }
}
