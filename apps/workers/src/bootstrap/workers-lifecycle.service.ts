import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@flowpilot/shared';
import { WorkerEventPublisher } from '../events/worker-event.publisher';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { WorkersConfig } from '../workers.config';

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
    await this.runtime.stop(this.config.WORKER_SHUTDOWN_GRACE_MS);
    await this.publisher.flush();
  }
}
