import { setTimeout as sleep } from 'node:timers/promises';
import { ExternalTaskApi } from './external-task.api';
import { bpmnError, complete, incident, TaskHandler } from './task-handler';
import { FakeCamundaServer } from './testing/fake-camunda.server';
import { typed } from './typed-variables.util';
import { WorkerRuntimeSettings } from '../workers.settings';
import { WorkerRuntime } from './worker-runtime';

const SETTINGS: WorkerRuntimeSettings = {
  maxTasks: 10,
  concurrencyPerTopic: 4,
  lockDurationMs: 5_000,
  asyncResponseTimeoutMs: 300,
  usePriority: true,
  pollIntervalMs: 20,
  lockExtendPercent: 50,
  retries: 3,
  retryBackoff: { baseMs: 1_000, maxMs: 60_000 },
  fetchBackoff: { baseMs: 40, maxMs: 1_000 },
};

async function until<T>(probe: () => T | undefined | false, timeoutMs = 3_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

const handler = (
  topic: string,
  handle: TaskHandler['handle'],
  extra: Partial<TaskHandler> = {},
): TaskHandler => ({ topic, handle, ...extra });

describe('WorkerRuntime', () => {
  let camunda: FakeCamundaServer;
  let url: string;
  let sut: WorkerRuntime;

  const build = (settings: Partial<WorkerRuntimeSettings> = {}) => {
    sut = new WorkerRuntime(
      new ExternalTaskApi(camunda.fleet(url), {
        nodeId: 'fake',
        workerId: 'worker-1',
        requestTimeoutMs: 2_000,
      }),
      {
        ...SETTINGS,
        ...settings,
      },
    );
    return sut;
  };

  beforeEach(async () => {
    camunda = new FakeCamundaServer();
    url = await camunda.start();
  });

  afterEach(async () => {
    if (sut?.running) await sut.stop(0);
    await camunda.stop();
  });

  it("long-polls per topic with priority and the handler's variables, and completes with typed variables", async () => {
    build().register(
      handler(
        'pay',
        async (task) =>
          complete({
            echo: task.variables.get('amount') as number,
            name: 'x',
            big: 2 ** 40,
            ratio: 0.5,
            ok: true,
            at: new Date('2025-01-02T03:04:05.000Z'),
            doc: { a: [1] },
            forced: typed('Long', 7),
          }),
        { variables: ['amount'] },
      ),
    );
    sut.start();
    camunda.addTask('pay', { variables: { amount: { type: 'Integer', value: 42 } } });

    const [request] = await until(
      () => camunda.requestsTo('complete').length > 0 && camunda.requestsTo('complete'),
    );

    const fetch = camunda.requestsTo('fetchAndLock')[0].body;
    expect(fetch).toMatchObject({ workerId: 'worker-1', usePriority: true, asyncResponseTimeout: 300 });
    expect(fetch.topics).toEqual([{ topicName: 'pay', lockDuration: 5_000, variables: ['amount'] }]);
    expect(request.body.variables).toEqual({
      echo: { type: 'Integer', value: 42 },
      name: { type: 'String', value: 'x' },
      big: { type: 'Long', value: 2 ** 40 },
      ratio: { type: 'Double', value: 0.5 },
      ok: { type: 'Boolean', value: true },
      at: { type: 'Date', value: '2025-01-02T03:04:05.000+0000' },
      doc: { type: 'Json', value: '{"a":[1]}' },
      forced: { type: 'Long', value: 7 },
    });
  });

  it('reports a thrown error as a failure with decreasing retries and exponential retryTimeout', async () => {
    build().register(
      handler('pay', async () => {
        throw new Error('gateway down');
      }),
    );
    sut.start();
    camunda.addTask('pay');
    camunda.addTask('pay', { retries: 2 });
    camunda.addTask('pay', { retries: 1 });

    const failures = await until(
      () => camunda.requestsTo('failure').length === 3 && camunda.requestsTo('failure'),
    );

    const byRetries = failures.map((f) => [f.body.retries, f.body.retryTimeout]).sort();
    expect(byRetries).toEqual([
      [0, 0],
      [1, 2_000],
      [2, 1_000],
    ]);
    expect(failures[0].body.errorMessage).toBe('gateway down');
  });

  it('raises BPMN errors with code, message and variables, and incidents with no retries', async () => {
    build().register(
      handler('check', async (task) =>
        task.variables.get('mode') === 'bpmn'
          ? bpmnError('INVALID', 'bad input', { reason: 'missing' })
          : incident('cannot heal'),
      ),
    );
    sut.start();
    camunda.addTask('check', { variables: { mode: { type: 'String', value: 'bpmn' } } });
    camunda.addTask('check', { variables: { mode: { type: 'String', value: 'incident' } } });

    await until(
      () => camunda.requestsTo('bpmnError').length === 1 && camunda.requestsTo('failure').length === 1,
    );

    expect(camunda.requestsTo('bpmnError')[0].body).toEqual({
      workerId: 'worker-1',
      errorCode: 'INVALID',
      errorMessage: 'bad input',
      variables: { reason: { type: 'String', value: 'missing' } },
    });
    expect(camunda.requestsTo('failure')[0].body).toMatchObject({
      retries: 0,
      retryTimeout: 0,
      errorMessage: 'cannot heal',
    });
  });

  it('extends the lock while a handler runs past part of its lock', async () => {
    const extended: number[] = [];
    // The handler runs until it has seen three extensions, however slowly this machine runs; a runtime
    // that does not extend makes it fail, and the task is never completed.
    build({ lockDurationMs: 200 }).register(
      handler('slow', async () => {
        await until(() => extended.length >= 3, 20_000);
        return complete();
      }),
    );
    sut.events.on('lock:extended', ({ newDurationMs }) => extended.push(newDurationMs));
    sut.start();
    const id = camunda.addTask('slow');

    await until(() => camunda.requestsTo('complete').length === 1, 30_000);

    const calls = camunda.requests
      .map((r) => r.path)
      .filter((path) => path.startsWith(`/external-task/${id}/`));
    expect(calls.slice(0, 3)).toEqual(Array(3).fill(`/external-task/${id}/extendLock`));
    expect(calls.at(-1)).toBe(`/external-task/${id}/complete`);
    expect(camunda.requestsTo('extendLock')[0].body).toEqual({ workerId: 'worker-1', newDuration: 200 });
    expect(extended.slice(0, 3)).toEqual([200, 200, 200]);
  }, 60_000);

  it('never runs more tasks of a topic at once than its concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    build({ concurrencyPerTopic: 2 }).register(
      handler('busy', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(30);
        running -= 1;
        return complete();
      }),
    );
    sut.start();
    for (let i = 0; i < 7; i += 1) camunda.addTask('busy');

    await until(() => camunda.requestsTo('complete').length === 7);

    expect(peak).toBe(2);
    expect(camunda.requestsTo('fetchAndLock').every((r) => Number(r.body.maxTasks) <= 2)).toBe(true);
  });

  it('backs off with jitter after fetch errors and recovers', async () => {
    build().register(handler('pay', async () => complete()));
    const delays: number[] = [];
    sut.events.on('poll:error', ({ retryInMs }) => delays.push(retryInMs));
    camunda.failNextFetches(3);
    sut.start();
    camunda.addTask('pay');

    await until(() => camunda.requestsTo('complete').length === 1);

    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(20);
    expect(delays[0]).toBeLessThanOrEqual(40);
    expect(delays[1]).toBeGreaterThanOrEqual(40);
    expect(delays[1]).toBeLessThanOrEqual(80);
    expect(delays[2]).toBeGreaterThanOrEqual(80);
    expect(delays[2]).toBeLessThanOrEqual(160);
  });

  it('on stop lets quick handlers finish and unlocks tasks whose handlers outlive the grace period', async () => {
    let release: () => void = () => undefined;
    build().register(
      handler('mixed', async (task) => {
        if (task.variables.get('slow')) await new Promise<void>((resolve) => (release = resolve));
        else await sleep(50);
        return complete();
      }),
    );
    sut.start();
    const slow = camunda.addTask('mixed', { variables: { slow: { type: 'Boolean', value: true } } });
    const quick = camunda.addTask('mixed');
    await until(() => sut.inFlightCount === 2);

    const result = await sut.stop(200);
    release();
    await sleep(30);

    expect(result).toEqual({ finished: 1, unlocked: 1, unlockFailed: 0, unlockGivenUp: 0, reportGivenUp: 0 });
    expect(camunda.requestsTo('unlock').map((r) => r.path)).toEqual([`/external-task/${slow}/unlock`]);
    expect(camunda.requestsTo('complete').map((r) => r.path)).toEqual([`/external-task/${quick}/complete`]);
  });

  it('on stop never unlocks a task whose outcome is being reported, and waits for the report', async () => {
    const releaseComplete = camunda.holdResponsesTo('complete');
    build().register(handler('pay', async () => complete({ paid: true })));
    sut.start();
    const id = camunda.addTask('pay');
    await until(() => camunda.requestsTo('complete').length === 1);

    const stopped = sut.stop(0);
    await sleep(50);
    releaseComplete();
    const result = await stopped;

    expect(result).toEqual({ finished: 1, unlocked: 0, unlockFailed: 0, unlockGivenUp: 0, reportGivenUp: 0 });
    expect(camunda.requestsTo('unlock')).toEqual([]);
    expect(camunda.requestsTo('complete').map((r) => r.path)).toEqual([`/external-task/${id}/complete`]);
  });

  it('stops extending the lock of a task it unlocked at shutdown, and never reports its late outcome', async () => {
    let release: () => void = () => undefined;
    // The first extension is held unanswered, so exactly one is in flight when the runtime stops, however
    // slowly this machine runs: an extender that kept going would send another once it is answered.
    const releaseExtension = camunda.holdResponsesTo('extendLock');
    build({ lockDurationMs: 600 }).register(
      handler('slow', async () => {
        await new Promise<void>((resolve) => (release = resolve));
        return complete();
      }),
    );
    sut.start();
    const id = camunda.addTask('slow');
    await until(() => camunda.requestsTo('extendLock').length === 1);

    const result = await sut.stop(0);
    releaseExtension();
    await sleep(700); // more than two extension periods after the held one is answered
    release();
    await sleep(30);

    expect(result).toEqual({ finished: 0, unlocked: 1, unlockFailed: 0, unlockGivenUp: 0, reportGivenUp: 0 });
    // The unlocked task may be fetched once more by the long poll still open at stop, and unlocked again.
    const calls = camunda.requests
      .map((r) => r.path)
      .filter((path) => path.startsWith(`/external-task/${id}/`));
    expect(new Set(calls)).toEqual(
      new Set([`/external-task/${id}/extendLock`, `/external-task/${id}/unlock`]),
    );
    expect(calls.filter((path) => path.endsWith('/extendLock'))).toHaveLength(1);
    expect(calls[0]).toBe(`/external-task/${id}/extendLock`);
  });

  it('on stop waits for a report only until the given deadline, and reports the task it gave up on', async () => {
    const releaseComplete = camunda.holdResponsesTo('complete');
    build().register(handler('pay', async () => complete({ paid: true })));
    const givenUp: string[] = [];
    sut.events.on('task:report-error', ({ task, action }) => givenUp.push(`${action} ${task.id}`));
    sut.start();
    const id = camunda.addTask('pay');
    await until(() => camunda.requestsTo('complete').length === 1);

    // The held report would take all its attempts of the 2 s REST timeout, longer than this test may run.
    const result = await sut.stop(0, Date.now() + 200);
    const reportsWhenStopped = [...givenUp];
    releaseComplete();

    expect(result).toEqual({ finished: 0, unlocked: 0, unlockFailed: 0, unlockGivenUp: 0, reportGivenUp: 1 });
    expect(reportsWhenStopped).toEqual([`report ${id}`]);
    expect(camunda.requestsTo('unlock')).toEqual([]);
  });

  it('counts each task in flight at shutdown once, by what became of it at the deadline', async () => {
    const releaseComplete = camunda.holdResponsesTo('complete');
    const releaseUnlock = camunda.holdResponsesTo('unlock');
    let releaseHandler: () => void = () => undefined;
    build().register(
      handler('mixed', async (task) => {
        if (task.variables.get('slow')) await new Promise<void>((resolve) => (releaseHandler = resolve));
        return complete();
      }),
    );
    const givenUp: string[] = [];
    sut.events.on('task:report-error', ({ task, action }) => givenUp.push(`${action} ${task.id}`));
    const stopped: unknown[] = [];
    sut.events.on('runtime:stopped', (summary) => stopped.push(summary));
    sut.start();
    const reported = camunda.addTask('mixed');
    const running = camunda.addTask('mixed', { variables: { slow: { type: 'Boolean', value: true } } });
    await until(() => camunda.requestsTo('complete').length === 1 && sut.inFlightCount === 2);

    // Both the report and the unlock are held past the deadline: neither task finished nor was unlocked.
    const result = await sut.stop(0, Date.now() + 200);
    const reportsWhenStopped = [...givenUp].sort();
    releaseUnlock();
    releaseComplete();
    releaseHandler();

    const summary = { finished: 0, unlocked: 0, unlockFailed: 0, unlockGivenUp: 1, reportGivenUp: 1 };
    expect(result).toEqual(summary);
    expect(stopped).toEqual([summary]);
    expect(reportsWhenStopped).toEqual([`report ${reported}`, `unlock ${running}`].sort());
  });

  it('refuses two handlers for one topic', () => {
    build().register(handler('pay', async () => complete()));

    expect(() => sut.register(handler('pay', async () => complete()))).toThrow(/already registered/);
  });
});
