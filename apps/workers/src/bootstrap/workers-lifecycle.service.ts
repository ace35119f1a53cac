import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@flowpilot/shared';
import { WorkerEventPublisher } from '../events/worker-event.publisher';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { SHUTDOWN_CLOSE_MARGIN_MS, WORKER_EVENTS_DRAIN_BUDGET_MS, WorkersConfig } from '../workers.config';

/** Starts fetching once the app is up; on shutdown stops it gracefully and sends the last worker events. */
@Injectable()
export class WorkersLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly runtime: WorkerRuntime,
    private readonly publisher: WorkerEventPublisher,
    @Inject(APP_CONFIG) private readonly config: WorkersConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The whole shutdown must end within SHUTDOWN_TIMEOUT_MS (the config checks the sum fits): the grace,
    // then at least the drain budget for the last events, then a margin for closing Kafka and the pool.
    const eventsDeadline = Date.now() + this.config.SHUTDOWN_TIMEOUT_MS - SHUTDOWN_CLOSE_MARGIN_MS;
    await this.runtime.stop(
      this.config.WORKER_SHUTDOWN_GRACE_MS,
      eventsDeadline - WORKER_EVENTS_DRAIN_BUDGET_MS,
    );
    await this.publisher.drain(eventsDeadline);
  }
}
