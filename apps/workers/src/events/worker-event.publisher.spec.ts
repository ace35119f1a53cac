import { setTimeout as sleep } from 'node:timers/promises';
import { AppLogger, EventPublisher, PublishItem, TopicName } from '@flowpilot/shared';
import { toLockedTask } from '../runtime/locked-task.factory';
import { WorkerEvents } from '../runtime/worker.events';
import { WorkerEventPublisher } from './worker-event.publisher';

const task = (id: string, retries: number | null = null) =>
  toLockedTask({
    id,
    topicName: 'create-wallet',
    workerId: 'w',
    activityId: 'task_create_wallet',
    activityInstanceId: null,
    executionId: null,
    processInstanceId: `pi-${id}`,
    processDefinitionId: 'wallet-creation:1',
    processDefinitionKey: 'wallet-creation',
    businessKey: 'order-7',
    priority: 0,
    retries,
    lockExpirationTime: null,
  });

class FakePublisher implements Pick<EventPublisher, 'publishMany'> {
  readonly sent: { topic: TopicName; items: PublishItem<TopicName>[] }[] = [];
  failuresLeft = 0;
  /** A broker that takes a batch and never answers. */
  hangs = false;
  async publishMany(topic: TopicName, items: PublishItem<TopicName>[]): Promise<[]> {
    if (this.hangs) return new Promise<[]>(() => undefined);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('broker down');
    }
    this.sent.push({ topic, items });
    return [];
  }
}

/** A publisher for node1's worker-1 whose log lines go to `sink`. */
const publisherOf = (
  kafka: FakePublisher,
  events: WorkerEvents,
  sink: (line: string) => void = () => undefined,
) =>
  new WorkerEventPublisher(
    kafka,
    { workerId: 'worker-1', nodeId: 'node1' },
    new AppLogger('workers', 'error', sink),
    events,
  );

/** Task a completes, task b fails for good: two events waiting to be published. */
function emitCompletedAndFailed(events: WorkerEvents): void {
  events.emit('task:completed', { task: task('a'), durationMs: 1, variableNames: [] });
  events.emit('task:failed', {
    task: task('b', 1),
    durationMs: 1,
    error: new Error('x'),
    retriesLeft: 0,
    retryTimeoutMs: 0,
  });
}

/** The log line that names what a shutdown drain could not publish. */
const lostAtShutdown = expect.objectContaining({
  msg: 'worker events could not be published before shutdown and are lost',
  completed: 1,
  failed: 1,
  taskIds: ['a', 'b'],
});

describe('WorkerEventPublisher', () => {
  let kafka: FakePublisher;
  let events: WorkerEvents;
  let sut: WorkerEventPublisher;

  beforeEach(() => {
    kafka = new FakePublisher();
    events = new WorkerEvents();
    sut = publisherOf(kafka, events);
  });

  it('publishes completions, BPMN errors and failures in batches with ids derived from the task', async () => {
    events.emit('task:completed', { task: task('a'), durationMs: 12.3456, variableNames: ['walletId'] });
    events.emit('task:bpmn-error', {
      task: task('b'),
      durationMs: 3,
      code: 'WALLET_ALREADY_EXISTS',
      message: 'dup',
      variableNames: [],
    });
    events.emit('task:failed', {
      task: task('c', 2),
      durationMs: 4,
      error: new Error('db down'),
      retriesLeft: 1,
      retryTimeoutMs: 2_000,
    });

    await sut.flush();

    const completed = kafka.sent.find((s) => s.topic === 'worker.task.completed.v1')!;
    expect(completed.items.map((i) => i.payload)).toEqual([
      expect.objectContaining({
        taskId: 'a',
        outcome: 'completed',
        errorCode: null,
        durationMs: 12.346,
        variableNames: ['walletId'],
        workerId: 'worker-1',
        businessKey: 'order-7',
      }),
      expect.objectContaining({ taskId: 'b', outcome: 'bpmn-error', errorCode: 'WALLET_ALREADY_EXISTS' }),
    ]);
    expect(completed.items[0].options).toMatchObject({
      nodeId: 'node1',
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const failed = kafka.sent.find((s) => s.topic === 'worker.task.failed.v1')!;
    expect(failed.items[0].payload).toMatchObject({
      taskId: 'c',
      errorMessage: 'db down',
      retriesLeft: 1,
      retryTimeoutMs: 2_000,
      incident: false,
    });
  });

  it('keeps events while Kafka is unreachable and sends them with the same ids later', async () => {
    kafka.failuresLeft = 1;
    events.emit('task:completed', { task: task('a'), durationMs: 1, variableNames: [] });

    await sut.flush();
    expect(kafka.sent).toHaveLength(0);
    await sut.flush();

    expect(kafka.sent).toHaveLength(1);
    expect(kafka.sent[0].items[0].payload).toMatchObject({ taskId: 'a' });
  });

  it('at shutdown retries a batch Kafka refuses instead of dropping it', async () => {
    kafka.failuresLeft = 2;
    events.emit('task:completed', { task: task('a'), durationMs: 1, variableNames: [] });

    const lost = await sut.drain(Date.now() + 5_000);

    expect(lost).toBe(0);
    expect(kafka.sent.flatMap((s) => s.items.map((i) => i.payload))).toEqual([
      expect.objectContaining({ taskId: 'a' }),
    ]);
  });

  it('at shutdown gives up at the deadline, reports the lost events with their task ids and leaves no timer', async () => {
    const lines: string[] = [];
    sut = publisherOf(kafka, (events = new WorkerEvents()), (line) => lines.push(line));
    kafka.failuresLeft = Number.MAX_SAFE_INTEGER;
    emitCompletedAndFailed(events);

    const lost = await sut.drain(Date.now() + 300);
    const attempts = kafka.failuresLeft;
    await sleep(1_200); // longer than the publisher's own retry timer

    expect(lost).toBe(2);
    expect(kafka.failuresLeft).toBe(attempts);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(lostAtShutdown);
  });

  it('at shutdown does not wait past the deadline on a broker that never answers, and reports what it was sending', async () => {
    const lines: string[] = [];
    sut = publisherOf(kafka, (events = new WorkerEvents()), (line) => lines.push(line));
    kafka.hangs = true;
    emitCompletedAndFailed(events);

    // Without its own deadline the drain would wait on the hanging send for ever and this test time out.
    const lost = await sut.drain(Date.now() + 200);

    expect(lost).toBe(2);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(lostAtShutdown);
  });
});
