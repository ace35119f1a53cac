import { TaskApi } from './external-task.api';
import { LockedTask } from './task-handler';
import { WorkerEvents } from './worker.events';

/**
 * Keeps a task's lock while its handler runs: once `extendPercent` of the
 * lock has passed, the lock is renewed for another full duration, so a slow
 * handler never loses its task to another worker mid-way.
 */
export class LockExtender {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly api: TaskApi,
    private readonly events: WorkerEvents,
    private readonly task: LockedTask,
    private readonly lockDurationMs: number,
    private readonly extendPercent: number,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = Math.max(Math.floor((this.lockDurationMs * this.extendPercent) / 100), 1);
    this.timer = setTimeout(() => void this.extend(), delay);
  }

  private async extend(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.api.extendLock(this.task.id, this.lockDurationMs);
      if (this.stopped) return;
      this.events.emit('lock:extended', { task: this.task, newDurationMs: this.lockDurationMs });
    } catch (error) {
      this.events.emit('lock:extend-error', { task: this.task, error: error as Error });
    }
    this.schedule();
  }
}
