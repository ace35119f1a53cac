import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { WorkerEventPublisher } from '../events/worker-event.publisher';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { SHUTDOWN_CLOSE_MARGIN_MS, WORKER_EVENTS_DRAIN_BUDGET_MS } from '../workers.config';
import { ShutdownSettings } from '../workers.settings';
import { TaskHandlers } from './task-handlers.service';

/**
 * Registers the handlers, starts fetching once the app is up; on shutdown stops it gracefully and sends the
 * last worker events.
 */
@Injectable()
export class WorkersLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly runtime: WorkerRuntime,
    private readonly publisher: WorkerEventPublisher,
    private readonly handlers: TaskHandlers,
    private readonly shutdown: ShutdownSettings,
  ) {}

  onModuleInit(): void {
    for (const handler of this.handlers.selected) this.runtime.register(handler);
  }

  onApplicationBootstrap(): void {
    this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The whole shutdown must end within SHUTDOWN_TIMEOUT_MS (the config checks the sum fits): the grace,
    // then at least the drain budget for the last events, then a margin for closing Kafka and the pool.
    const eventsDeadline = Date.now() + this.shutdown.shutdownTimeoutMs - SHUTDOWN_CLOSE_MARGIN_MS;
    await this.runtime.stop(this.shutdown.handlerGraceMs, eventsDeadline - WORKER_EVENTS_DRAIN_BUDGET_MS);
    await this.publisher.drain(eventsDeadline);
  }
}
