import { LockedTask } from './task-handler';

export interface InFlightEntry {
  task: LockedTask;
  done: Promise<void>;
  /** Set at shutdown when the task was unlocked: its late outcome must not be reported. */
  abandoned: boolean;
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
