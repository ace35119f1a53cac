import { setTimeout as sleep } from 'node:timers/promises';
import { BackoffBounds } from '@flowpilot/shared';
import { TaskApi } from './external-task.api';
import { FetchedExternalTask } from './external-task.types';
import { InFlightEntry, InFlightTasks } from './in-flight-tasks';
import { toLockedTask } from './locked-task.factory';
import { JitteredBackoff } from './retry-policy.util';
import { TaskExecutor } from './task-executor';
import { TaskHandler } from './task-handler';
import { WorkerEvents } from './worker.events';

export interface TopicPollerSettings {
  maxTasks: number;
  concurrency: number;
  lockDurationMs: number;
  asyncResponseTimeoutMs: number;
  usePriority: boolean;
  pollIntervalMs: number;
  fetchBackoff: BackoffBounds;
}

/**
 * One fetch loop per topic, so a topic at its concurrency limit never holds
 * up another topic's long poll. The loop asks for at most the free slots,
 * dispatches what it gets without waiting, and polls again at once: with
 * long polling the engine answers as soon as a task appears.
 */
export class TopicPoller {
  private active = 0;
  private slotFreed: (() => void) | undefined;
  private readonly stopController = new AbortController();
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly handler: TaskHandler,
    private readonly api: TaskApi,
    private readonly executor: TaskExecutor,
    private readonly events: WorkerEvents,
    private readonly inFlight: InFlightTasks,
    private readonly settings: TopicPollerSettings,
  ) {}

  get topic(): string {
    return this.handler.topic;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops fetching; resolves when the loop has left (a pending long poll is answered first). */
  stop(): Promise<void> {
    this.stopController.abort();
    this.slotFreed?.();
    return this.loop;
  }

  private get stopping(): boolean {
    return this.stopController.signal.aborted;
  }

  private async run(): Promise<void> {
    const backoff = new JitteredBackoff(this.settings.fetchBackoff);
    const limit = this.handler.concurrency ?? this.settings.concurrency;
    // Under load, wait for half a batch of free slots: many one-task fetches cost the engine more than they gain.
    const refillAt = Math.max(1, Math.ceil(Math.min(this.settings.maxTasks, limit) / 2));
    while (!this.stopping) {
      const free = limit - this.active;
      if (free <= 0 || (free < refillAt && this.active > 0)) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        this.slotFreed = undefined;
        continue;
      }
      const startedAt = performance.now();
      let tasks: FetchedExternalTask[];
      try {
        tasks = await this.api.fetchAndLock({
          maxTasks: Math.min(this.settings.maxTasks, free),
          usePriority: this.settings.usePriority,
          asyncResponseTimeout:
            this.settings.asyncResponseTimeoutMs > 0 ? this.settings.asyncResponseTimeoutMs : undefined,
          topics: [
            {
              topicName: this.handler.topic,
              lockDuration: this.handler.lockDuration ?? this.settings.lockDurationMs,
              ...(this.handler.variables ? { variables: this.handler.variables } : {}),
            },
          ],
        });
        backoff.reset();
      } catch (error) {
        const retryInMs = backoff.next();
        this.events.emit('poll:error', { topic: this.topic, error: error as Error, retryInMs });
        await this.pause(retryInMs);
        continue;
      }
      this.events.emit('poll:success', {
        topic: this.topic,
        count: tasks.length,
        durationMs: performance.now() - startedAt,
      });
      if (this.stopping) {
        await this.unlockAll(tasks, 'fetched during shutdown');
        break;
      }
      for (const task of tasks) this.dispatch(task);
      if (tasks.length === 0 && this.settings.asyncResponseTimeoutMs === 0)
        await this.pause(this.settings.pollIntervalMs);
    }
  }

  private dispatch(fetched: FetchedExternalTask): void {
    const task = toLockedTask(fetched);
    const entry: InFlightEntry = {
      task,
      reporting: false,
      abandonment: new AbortController(),
      done: Promise.resolve(),
    };
    this.active += 1;
    entry.done = this.executor
      .execute(this.handler, task, entry)
      // The executor reports every outcome itself; this only catches a throwing event listener.
      .catch((error: Error) => void this.events.emit('task:report-error', { task, action: 'execute', error }))
      .finally(() => {
        this.active -= 1;
        this.inFlight.delete(task.id);
        this.slotFreed?.();
      });
    this.inFlight.add(entry);
  }

  private async unlockAll(tasks: FetchedExternalTask[], reason: string): Promise<void> {
    await Promise.all(
      tasks.map(async (fetched) => {
        const task = toLockedTask(fetched);
        try {
          await this.api.unlock(task.id);
          this.events.emit('task:unlocked', { task, reason, wasRunning: false });
        } catch (error) {
          this.events.emit('task:report-error', { task, action: 'unlock', error: error as Error });
        }
      }),
    );
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.stopController.signal });
    } catch {
      // Aborted by stop(): the loop condition ends the loop.
    }
  }
}
