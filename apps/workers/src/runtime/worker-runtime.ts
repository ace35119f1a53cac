import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerRuntimeSettings } from '../workers.settings';
import { ExternalTaskApi, TaskApi } from './external-task.api';
import { InFlightEntry, InFlightTasks } from './in-flight-tasks';
import { TaskExecutor } from './task-executor';
import { TaskHandler } from './task-handler';
import { TopicPoller } from './topic-poller';
import { WorkerEvents } from './worker.events';

/**
 * How each task in flight at shutdown ended up; every one is counted exactly once. A type alias, not an
 * interface, so it can be logged as a plain record.
 */
export type ShutdownSummary = {
  /** Its handler ended and its outcome was reported (or its report failed on its own) before the deadlines. */
  finished: number;
  /** Its handler outlived the grace period and its task was unlocked. */
  unlocked: number;
  /** Its handler outlived the grace period and the unlock failed: it stays locked until the lock expires. */
  unlockFailed: number;
  /** Its handler outlived the grace period and the unlock was still pending at `giveUpAt`. */
  unlockGivenUp: number;
  /** Its outcome was still being reported at `giveUpAt`: it stays locked until the lock expires. */
  reportGivenUp: number;
};

/**
 * The external-task worker runtime: handlers registered per topic, one long
 * polling loop per topic, and a graceful stop that lets running handlers
 * finish within a deadline and unlocks the tasks of those that do not.
 */
@Injectable()
export class WorkerRuntime {
  readonly events: WorkerEvents;
  private readonly handlers = new Map<string, TaskHandler>();
  private readonly inFlight = new InFlightTasks();
  private readonly executor: TaskExecutor;
  private pollers: TopicPoller[] = [];

  constructor(
    @Inject(ExternalTaskApi) private readonly api: TaskApi,
    private readonly settings: WorkerRuntimeSettings,
    events?: WorkerEvents,
  ) {
    this.events = events ?? new WorkerEvents();
    this.executor = new TaskExecutor(api, this.events, {
      lockDurationMs: settings.lockDurationMs,
      extendPercent: settings.lockExtendPercent,
      retries: settings.retries,
      retryBackoff: settings.retryBackoff,
    });
  }

  register(handler: TaskHandler): this {
    if (this.handlers.has(handler.topic))
      throw new Error(`a handler for topic "${handler.topic}" is already registered`);
    this.handlers.set(handler.topic, handler);
    return this;
  }

  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  get running(): boolean {
    return this.pollers.length > 0;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(): void {
    if (this.running) return;
    this.pollers = [...this.handlers.values()].map(
      (handler) =>
        new TopicPoller(handler, this.api, this.executor, this.events, this.inFlight, {
          maxTasks: this.settings.maxTasks,
          concurrency: this.settings.concurrencyPerTopic,
          lockDurationMs: this.settings.lockDurationMs,
          asyncResponseTimeoutMs: this.settings.asyncResponseTimeoutMs,
          usePriority: this.settings.usePriority,
          pollIntervalMs: this.settings.pollIntervalMs,
          fetchBackoff: this.settings.fetchBackoff,
        }),
    );
    for (const poller of this.pollers) poller.start();
    this.events.emit('runtime:started', { topics: this.topics });
  }

  /**
   * Stop fetching, give running handlers `graceMs` to finish, then unlock the tasks whose handlers still run.
   * A task whose outcome is being reported is never unlocked (it could run twice): its report is awaited,
   * but only until `giveUpAt` (epoch ms), since each report may take several attempts of a REST timeout and
   * the process must still send its last events before the shutdown deadline. A report still running then
   * is left to the lock's expiry and reported as a `task:report-error`; so is an unlock still pending then.
   */
  async stop(graceMs: number, giveUpAt = Number.POSITIVE_INFINITY): Promise<ShutdownSummary> {
    const pollers = this.pollers;
    this.pollers = [];
    const cancelDeadline = new AbortController();
    const deadline = sleep(graceMs, undefined, { signal: cancelDeadline.signal }).catch(() => undefined);
    const loopsLeft = Promise.all(pollers.map((p) => p.stop()));
    const running = this.inFlight.list();
    await Promise.race([Promise.all(running.map((e) => e.done)), deadline]);
    const left = this.inFlight.list();
    const stillRunning = left.filter((entry) => !entry.reporting);
    const reporting = left.filter((entry) => entry.reporting);
    // Abandon synchronously, before any await, so no handler can start reporting after being picked here.
    for (const entry of stillRunning) entry.abandonment.abort();
    const unlocks = new Map<InFlightEntry, boolean>();
    await this.settleBefore(giveUpAt, [
      ...stillRunning.map(async (entry) => unlocks.set(entry, await this.unlock(entry, graceMs))),
      ...reporting.map((e) => e.done),
    ]);
    // Entries leave the in-flight list once their report has ended; those still in it were given up on.
    const stillReporting = this.inFlight.list().filter((entry) => reporting.includes(entry));
    const unlockPending = stillRunning.filter((entry) => !unlocks.has(entry));
    this.reportGivenUp(stillReporting, 'report', 'its outcome was still being reported');
    this.reportGivenUp(unlockPending, 'unlock', 'its unlock was still pending');
    // A pending long poll answers within asyncResponseTimeout; its tasks are unlocked by the loop itself.
    await Promise.race([loopsLeft, deadline]);
    cancelDeadline.abort();
    const unlocked = [...unlocks.values()].filter(Boolean).length;
    const result: ShutdownSummary = {
      finished:
        running.filter((entry) => !left.includes(entry)).length + reporting.length - stillReporting.length,
      unlocked,
      unlockFailed: unlocks.size - unlocked,
      unlockGivenUp: unlockPending.length,
      reportGivenUp: stillReporting.length,
    };
    this.events.emit('runtime:stopped', result);
    return result;
  }

  /** True when every promise settled before `giveUpAt`; false when the time ran out first. */
  private async settleBefore(giveUpAt: number, work: Promise<unknown>[]): Promise<boolean> {
    const all = Promise.all(work).then(() => true);
    if (giveUpAt === Number.POSITIVE_INFINITY) return all;
    const cancel = new AbortController();
    const timeUp = sleep(Math.max(giveUpAt - Date.now(), 0), false, { signal: cancel.signal }).catch(
      () => false,
    );
    try {
      return await Promise.race([all, timeUp]);
    } finally {
      cancel.abort();
    }
  }

  private reportGivenUp(entries: InFlightEntry[], action: 'report' | 'unlock', what: string): void {
    for (const entry of entries) {
      this.events.emit('task:report-error', {
        task: entry.task,
        action,
        error: new Error(`${what} at the shutdown deadline; it stays locked until the lock expires`),
      });
    }
  }

  /** True when the task was unlocked, false when the unlock failed (reported as a `task:report-error`). */
  private async unlock(entry: InFlightEntry, graceMs: number): Promise<boolean> {
    try {
      await this.api.unlock(entry.task.id);
      this.events.emit('task:unlocked', {
        task: entry.task,
        reason: `still running after the ${graceMs} ms shutdown grace`,
        wasRunning: true,
      });
      return true;
    } catch (error) {
      this.events.emit('task:report-error', { task: entry.task, action: 'unlock', error: error as Error });
      return false;
    }
  }
}
