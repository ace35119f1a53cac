import { LockedTask } from './task-handler';

export interface InFlightEntry {
  task: LockedTask;
  done: Promise<void>;
  /**
   * Set once the handler has returned and its outcome is being reported. Shutdown must not unlock such a
   * task: the report may already be on its way, and an unlocked task can be fetched and run again elsewhere.
   */
  reporting: boolean;
  /**
   * Aborted at shutdown when the task is unlocked while its handler still runs: its lock is no longer
   * extended and its late outcome is not reported.
   */
  abandonment: AbortController;
}

/** Tasks whose handlers are running, across all topics; shutdown waits on these. */
export class InFlightTasks {
  private readonly entries = new Map<string, InFlightEntry>();

  add(entry: InFlightEntry): void {
    this.entries.set(entry.task.id, entry);
  }

  delete(taskId: string): void {
    this.entries.delete(taskId);
  }

  get size(): number {
    return this.entries.size;
  }

  list(): InFlightEntry[] {
    return [...this.entries.values()];
  }
}
