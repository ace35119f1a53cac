import { setTimeout as sleep } from 'node:timers/promises';
import { backoffCeilingMs, BackoffBounds, redact, TransientError } from '@flowpilot/shared';
import { TaskApi } from './external-task.api';
import { InFlightEntry } from './in-flight-tasks';
import { LockExtender } from './lock-extender';
import { retriesAfterFailure } from './retry-policy.util';
import { LockedTask, TaskHandler, TaskOutcome } from './task-handler';
import { encodeVariables } from './typed-variables.util';
import { WorkerEvents } from './worker.events';

export interface TaskExecutorSettings {
  lockDurationMs: number;
  extendPercent: number;
  /** Retries granted on a task's first failure. */
  retries: number;
  retryBackoff: BackoffBounds;
}

/** Camunda keeps errorMessage in a 4000-character column; a short message reads better in Cockpit anyway. */
const MAX_ERROR_MESSAGE = 500;
const MAX_ERROR_DETAILS = 4_000;
/** Reports that hit a network error or a 5xx are repeated this many times before giving up. */
const REPORT_ATTEMPTS = 3;

/**
 * Runs one task: the handler under lock extension, then its outcome reported
 * to Camunda (complete, BPMN error, or failure with retries and backoff).
 */
export class TaskExecutor {
  constructor(
    private readonly api: TaskApi,
    private readonly events: WorkerEvents,
    private readonly settings: TaskExecutorSettings,
  ) {}

  async execute(
    handler: TaskHandler,
    task: LockedTask,
    entry: Pick<InFlightEntry, 'abandonment' | 'reporting'>,
  ): Promise<void> {
    const startedAt = performance.now();
    const lockDurationMs = handler.lockDuration ?? this.settings.lockDurationMs;
    const extender = new LockExtender(
      this.api,
      this.events,
      task,
      lockDurationMs,
      this.settings.extendPercent,
    );
    const abandoned = entry.abandonment.signal;
    // An unlocked task is no longer ours: extending its lock would fail at best, and keep a timer alive.
    const stopExtending = (): void => extender.stop();
    abandoned.addEventListener('abort', stopExtending, { once: true });
    this.events.emit('task:started', { task });
    extender.start();
    let outcome: TaskOutcome | Error;
    try {
      outcome = await handler.handle(task);
    } catch (error) {
      outcome = error instanceof Error ? error : new Error(String(error));
    } finally {
      extender.stop();
      abandoned.removeEventListener('abort', stopExtending);
    }
    if (abandoned.aborted) return;
    // Synchronous with the check above: shutdown either abandoned the task before this line or sees it reporting.
    entry.reporting = true;
    const durationMs = performance.now() - startedAt;
    if (outcome instanceof Error) await this.reportFailure(task, outcome, durationMs, null);
    else await this.report(task, outcome, durationMs);
  }

  private async report(task: LockedTask, outcome: TaskOutcome, durationMs: number): Promise<void> {
    switch (outcome.kind) {
      case 'complete': {
        let variables;
        let localVariables;
        try {
          variables = encodeVariables(outcome.variables);
          localVariables = outcome.localVariables ? encodeVariables(outcome.localVariables) : undefined;
        } catch (error) {
          return this.reportFailure(task, error as Error, durationMs, null);
        }
        const sent = await this.send(task, 'complete', () =>
          this.api.complete(task.id, variables, localVariables),
        );
        if (sent)
          this.events.emit('task:completed', { task, durationMs, variableNames: Object.keys(variables) });
        return;
      }
      case 'bpmn-error': {
        let variables;
        try {
          variables = encodeVariables(outcome.variables);
        } catch (error) {
          return this.reportFailure(task, error as Error, durationMs, null);
        }
        const sent = await this.send(task, 'bpmnError', () =>
          this.api.handleBpmnError(task.id, {
            errorCode: outcome.code,
            errorMessage: outcome.message.slice(0, MAX_ERROR_MESSAGE),
            variables,
          }),
        );
        if (sent) {
          this.events.emit('task:bpmn-error', {
            task,
            durationMs,
            code: outcome.code,
            message: outcome.message,
            variableNames: Object.keys(variables),
          });
        }
        return;
      }
      case 'incident':
        return this.reportFailure(task, new Error(outcome.message), durationMs, 0, outcome.details);
    }
  }

  private async reportFailure(
    task: LockedTask,
    error: Error,
    durationMs: number,
    forcedRetries: number | null,
    details?: string,
  ): Promise<void> {
    const { retriesLeft, attempt } =
      forcedRetries === null
        ? retriesAfterFailure(task.retries, this.settings.retries)
        : { retriesLeft: forcedRetries, attempt: 1 };
    const retryTimeoutMs = retriesLeft > 0 ? backoffCeilingMs(attempt, this.settings.retryBackoff) : 0;
    const errorMessage = redact(error.message || error.name).slice(0, MAX_ERROR_MESSAGE);
    const errorDetails = redact(details ?? error.stack ?? errorMessage).slice(0, MAX_ERROR_DETAILS);
    const sent = await this.send(task, 'failure', () =>
      this.api.handleFailure(task.id, {
        errorMessage,
        errorDetails,
        retries: retriesLeft,
        retryTimeout: retryTimeoutMs,
      }),
    );
    if (sent)
      this.events.emit('task:failed', {
        task,
        durationMs,
        error: new Error(errorMessage),
        retriesLeft,
        retryTimeoutMs,
      });
  }

  /** Returns whether Camunda accepted the report; a lost lock or a deleted task cannot be fixed by repeating. */
  private async send(task: LockedTask, action: string, call: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await call();
        return true;
      } catch (error) {
        if (error instanceof TransientError && attempt < REPORT_ATTEMPTS) {
          await sleep(100 * 4 ** (attempt - 1));
          continue;
        }
        this.events.emit('task:report-error', { task, action, error: error as Error });
        return false;
      }
    }
  }
}
