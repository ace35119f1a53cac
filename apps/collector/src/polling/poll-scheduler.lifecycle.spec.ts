import { HealthRegistry } from '@flowpilot/shared';
import { CollectorEvents } from '../observability/collector.events';
import type { PollOutcome } from './node-poller';
import { NodePublisher } from './node-publisher';
import { PollScheduler } from './poll-scheduler.service';

/** A poller whose cycle ends when the test says so; it records whether its pool was open at the end. */
class ControlledPoller {
  readonly nodeId = 'node1';
  readonly breaker = { state: 'closed' as const };
  readonly lastFailure = null;
  poolOpenAtCycleEnd: boolean | null = null;
  private finish: () => void = () => undefined;
  private work: Promise<void> | null = null;

  constructor(private readonly database: { closed: boolean }) {}

  poll(): Promise<PollOutcome> {
    this.work = new Promise<void>((resolve) => (this.finish = resolve)).then(() => {
      this.poolOpenAtCycleEnd = !this.database.closed;
    });
    return this.work.then(() => ({ nodeId: this.nodeId, outcome: 'failed', reason: 'ended' }));
  }

  async settled(): Promise<void> {
    await this.work;
  }

  endCycle(): void {
    this.finish();
  }
}

describe('PollScheduler lifecycle', () => {
  let pool: { closed: boolean };
  let poller: ControlledPoller;
  let kafka: { publishMany: jest.Mock };
  let publisher: NodePublisher;
  let health: HealthRegistry;
  let sut: PollScheduler;

  beforeEach(() => {
    pool = { closed: false };
    poller = new ControlledPoller(pool);
    const database = {
      close: jest.fn(async () => {
        pool.closed = true;
      }),
    };
    kafka = { publishMany: jest.fn(async () => []) };
    publisher = new NodePublisher('node1', kafka, new CollectorEvents());
    health = new HealthRegistry();
    health.markStarted();
    sut = new PollScheduler(
      {
        intervalMs: 1_000,
        nodeTimeoutMs: 5_000,
        circuitFailureThreshold: 3,
        circuitOpenMs: 1_000,
        runTimers: false,
      },
      { nodes: [{ index: 1, name: 'node1', url: 'http://node1/engine-rest' }] },
      { create: () => ({ poller, publisher, engine: { database } }) },
      health,
      { forContext: () => ({ warn: jest.fn() }) },
    );
    sut.onModuleInit();
  });

  it('closes the engine pools only after the cycle under way has ended', async () => {
    const cycle = sut.pollNode('node1');
    const shutdown = sut.onApplicationShutdown();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pool.closed).toBe(false);

    poller.endCycle();
    await Promise.all([cycle, shutdown]);

    expect(poller.poolOpenAtCycleEnd).toBe(true);
    expect(pool.closed).toBe(true);
  });

  it('starts no cycle once shutdown has begun', async () => {
    const poll = jest.spyOn(poller, 'poll');
    await sut.onApplicationShutdown();

    const outcome = await sut.pollNode('node1');

    expect(outcome).toEqual({ nodeId: 'node1', outcome: 'skipped', reason: 'shutdown' });
    expect(poll).not.toHaveBeenCalled();
  });

  it('reports a node whose publishes fail as a Kafka problem in readiness, until a publish succeeds', async () => {
    const before = await health.readiness();
    publisher.block('publish to camunda.process.completed.v1 failed: Connection error');
    const blocked = await health.readiness();
    await publisher.publish('camunda.engine.version.v1', {
      version: '7.24.0',
      previousVersion: null,
      observedAt: new Date(0).toISOString(),
    });
    const after = await health.readiness();

    expect(before.checks['kafka-publish']).toEqual({ ok: true, detail: 'publishing' });
    expect(blocked.ok).toBe(false);
    expect(blocked.checks['kafka-publish']).toEqual({
      ok: false,
      detail: { node1: 'publish to camunda.process.completed.v1 failed: Connection error' },
    });
    expect(blocked.checks['camunda:node1']).toMatchObject({ ok: true });
    expect(after.checks['kafka-publish'].ok).toBe(true);
  });
});
