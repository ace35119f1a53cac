import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@flowpilot/shared';
import { WorkerEventPublisher } from '../events/worker-event.publisher';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { WorkersConfig } from '../workers.config';

const CLOSE_MARGIN_MS = 1_000;

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
    // The whole shutdown must end within SHUTDOWN_TIMEOUT_MS; keep a margin for closing Kafka and the pool.
    const eventsDeadline = Date.now() + this.config.SHUTDOWN_TIMEOUT_MS - CLOSE_MARGIN_MS;
    await this.runtime.stop(this.config.WORKER_SHUTDOWN_GRACE_MS);
    await this.publisher.drain(eventsDeadline);
  }
}
