import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AppLogger,
  ContextLogger,
  deriveEventId,
  EventPublisher,
  PublishItem,
  WorkerTaskCompleted,
  WorkerTaskFailed,
} from '@flowpilot/shared';
import { LockedTask } from '../runtime/task-handler';
import { WorkerEvents } from '../runtime/worker.events';
import { CamundaWorkerSettings } from '../workers.settings';

const FLUSH_INTERVAL_MS = 50;
const MAX_BATCH = 200;
/** Kept while Kafka is unreachable; beyond this the oldest are dropped, with an error line saying how many. */
const MAX_BUFFERED = 20_000;
const DRAIN_FIRST_PAUSE_MS = 100;
const DRAIN_MAX_PAUSE_MS = 1_000;

type Completed = PublishItem<'worker.task.completed.v1'>;
type Failed = PublishItem<'worker.task.failed.v1'>;

/**
 * Publishes every completion and failure to Kafka. Task throughput must not
 * wait on Kafka, so events are buffered and sent in batches; event ids are
 * derived from the task, so a re-sent batch does not duplicate events.
 */
@Injectable()
export class WorkerEventPublisher {
  private completed: Completed[] = [];
  private failed: Failed[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** The batch a flush is sending now: lost too if the shutdown deadline comes before Kafka answers. */
  private sending: (Completed | Failed)[] = [];

  private readonly workerId: string;
  private readonly nodeId: string;
  private readonly logger: ContextLogger;

  constructor(
    @Inject(EventPublisher) private readonly publisher: Pick<EventPublisher, 'publishMany'>,
    @Inject(CamundaWorkerSettings) worker: Pick<CamundaWorkerSettings, 'workerId' | 'nodeId'>,
    logger: AppLogger,
    events: WorkerEvents,
  ) {
    this.workerId = worker.workerId;
    this.nodeId = worker.nodeId;
    this.logger = logger.forContext('WorkerEvents');
    this.subscribe(events);
  }

  private subscribe(events: WorkerEvents): void {
    events.on('task:completed', ({ task, durationMs, variableNames }) =>
      this.addCompleted(task, { outcome: 'completed', errorCode: null, durationMs, variableNames }),
    );
    events.on('task:bpmn-error', ({ task, durationMs, code, variableNames }) =>
      this.addCompleted(task, { outcome: 'bpmn-error', errorCode: code, durationMs, variableNames }),
    );
    events.on('task:failed', ({ task, durationMs, error, retriesLeft, retryTimeoutMs }) => {
      const payload: WorkerTaskFailed = {
        ...this.identity(task, durationMs),
        errorMessage: error.message.slice(0, 1_000),
        retriesLeft,
        retryTimeoutMs,
        incident: retriesLeft === 0,
        failedAt: new Date().toISOString(),
      };
      this.failed.push({
        payload,
        options: {
          nodeId: this.nodeId,
          eventId: deriveEventId(task.id, 'failed', String(task.retries ?? 'first')),
        },
      });
      this.schedule();
    });
  }

  /** Sends what is buffered now; a batch Kafka refuses is kept for a later flush. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.send());
    await this.flushing;
  }

  /**
   * The last flush at shutdown: a single attempt would drop whatever a failing broker refuses, and no later
   * timer runs once the process exits, so failed batches are retried until `deadline` (epoch ms). Each flush
   * is raced against the time left, as one send to a hanging broker could otherwise outlast the process.
   * What is still unsent (or still being sent) then is reported as lost, with the task ids, and counted.
   */
  async drain(deadline: number): Promise<number> {
    for (let pauseMs = DRAIN_FIRST_PAUSE_MS; ; pauseMs = Math.min(pauseMs * 2, DRAIN_MAX_PAUSE_MS)) {
      const flushed = await this.flushBefore(deadline);
      if (flushed && this.completed.length + this.failed.length === 0) return 0;
      if (!flushed || Date.now() + pauseMs >= deadline) return this.reportLost();
      await sleep(pauseMs);
    }
  }

  /** True when the flush ended before `deadline`; false when the time ran out while it was still sending. */
  private async flushBefore(deadline: number): Promise<boolean> {
    const cancel = new AbortController();
    const timeUp = sleep(Math.max(deadline - Date.now(), 0), false, { signal: cancel.signal }).catch(
      () => false,
    );
    try {
      return await Promise.race([this.flush().then(() => true), timeUp]);
    } finally {
      cancel.abort();
    }
  }

  private reportLost(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lost = [...this.sending, ...this.completed, ...this.failed];
    this.logger.error('worker events could not be published before shutdown and are lost', {
      completed: lost.filter((item) => 'outcome' in item.payload).length,
      failed: lost.filter((item) => !('outcome' in item.payload)).length,
      taskIds: lost.slice(0, 50).map((item) => item.payload.taskId),
    });
    return lost.length;
  }

  private addCompleted(
    task: LockedTask,
    fields: Pick<WorkerTaskCompleted, 'outcome' | 'errorCode' | 'durationMs' | 'variableNames'>,
  ): void {
    const payload: WorkerTaskCompleted = {
      ...fields,
      ...this.identity(task, fields.durationMs),
      variableNames: fields.variableNames.slice(0, 200),
      completedAt: new Date().toISOString(),
    };
    this.completed.push({
      payload,
      options: { nodeId: this.nodeId, eventId: deriveEventId(task.id, 'completed') },
    });
    this.schedule();
  }

  private identity(task: LockedTask, durationMs: number) {
    return {
      taskId: task.id,
      topic: task.topic,
      workerId: this.workerId,
      processInstanceId: task.processInstanceId,
      processDefinitionKey: task.processDefinitionKey,
      activityId: task.activityId,
      businessKey: task.businessKey,
      durationMs: Math.round(durationMs * 1000) / 1000,
    };
  }

  private schedule(): void {
    if (this.completed.length + this.failed.length >= MAX_BATCH) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  private async send(): Promise<void> {
    const completed = this.completed.splice(0, this.completed.length);
    const failed = this.failed.splice(0, this.failed.length);
    this.sending = [...completed, ...failed];
    try {
      await this.sendBatches(completed, failed);
    } finally {
      this.sending = [];
    }
  }

  private async sendBatches(completed: Completed[], failed: Failed[]): Promise<void> {
    try {
      if (completed.length > 0) await this.publisher.publishMany('worker.task.completed.v1', completed);
    } catch (error) {
      this.requeue('completed', completed, error as Error);
    }
    try {
      if (failed.length > 0) await this.publisher.publishMany('worker.task.failed.v1', failed);
    } catch (error) {
      this.requeue('failed', failed, error as Error);
    }
  }

  private requeue(kind: 'completed' | 'failed', items: Completed[] | Failed[], error: Error): void {
    const queue = kind === 'completed' ? this.completed : this.failed;
    (queue as unknown[]).unshift(...items);
    const dropped = queue.length - MAX_BUFFERED;
    if (dropped > 0) queue.splice(0, dropped);
    this.logger.error('publishing worker events failed; will retry', {
      kind,
      count: items.length,
      dropped: Math.max(dropped, 0),
      error: error.message,
    });
    this.timer ??= setTimeout(() => void this.flush(), 1_000);
  }
}
