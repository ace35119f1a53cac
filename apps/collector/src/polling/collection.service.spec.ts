import { AppLogger, EventPublisher, HealthRegistry } from '@flowpilot/shared';
import { Registry } from 'prom-client';
import type { CollectorConfig } from '../collector.config';
import { CollectorEvents } from '../observability/collector-events';
import type { EngineDatabase } from '../engine/engine-database';
import type { PostgresNodeStateStore } from '../persistence/node-state.store';
import type { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import type { PostgresWatermarkStore } from '../persistence/watermark.store';
import { CollectionService } from './collection.service';
import type { NodePoller, PollOutcome } from './node-poller';
import { buildNodePollers } from './node-pollers.factory';
import { NodePublisher } from './node-publisher';

jest.mock('./node-pollers.factory');
jest.mock('../engine/index-advisor', () => ({ missingIndexes: async () => [] }));

/** A poller whose cycle ends when the test says so; it records whether its pool was open at the end. */
class ControlledPoller {
  readonly node = 'node1';
  readonly breaker = { state: 'closed' };
  readonly lastFailure = null;
  poolOpenAtCycleEnd: boolean | null = null;
  private finish: () => void = () => undefined;
  private work: Promise<void> | null = null;

  constructor(private readonly database: { closed: boolean }) {}

  poll(): Promise<PollOutcome> {
    this.work = new Promise<void>((resolve) => (this.finish = resolve)).then(() => {
      this.poolOpenAtCycleEnd = !this.database.closed;
    });
    return this.work.then(() => ({ node: this.node, outcome: 'failed', reason: 'ended' }));
  }

  async settled(): Promise<void> {
    await this.work;
  }

  endCycle(): void {
    this.finish();
  }
}

describe('CollectionService', () => {
  const logger = { forContext: () => ({ warn: jest.fn(), info: jest.fn(), error: jest.fn() }) };
  let pool: { closed: boolean };
  let poller: ControlledPoller;
  let kafka: { publishMany: jest.Mock };
  let publisher: NodePublisher;
  let health: HealthRegistry;
  let sut: CollectionService;

  beforeEach(() => {
    pool = { closed: false };
    poller = new ControlledPoller(pool);
    const database = {
      close: jest.fn(async () => {
        pool.closed = true;
      }),
    } as unknown as EngineDatabase;
    kafka = { publishMany: jest.fn(async () => []) };
    publisher = new NodePublisher('node1', kafka, new CollectorEvents());
    health = new HealthRegistry();
    health.markStarted();
    jest
      .mocked(buildNodePollers)
      .mockReturnValue([{ poller: poller as unknown as NodePoller, publisher, database }]);
    sut = new CollectionService(
      { NODE_POLL_TIMEOUT_MS: 5_000 } as CollectorConfig,
      {} as EventPublisher,
      {} as PostgresWatermarkStore,
      {} as PostgresNodeStateStore,
      {} as SnapshotMarkStore,
      health,
      new Registry(),
      logger as unknown as AppLogger,
    );
    sut.onModuleInit();
  });

  it('closes the engine pools only after the cycle under way has ended', async () => {
    const cycle = sut.collectNode('node1');
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

    const outcome = await sut.collectNode('node1');

    expect(outcome).toEqual({ node: 'node1', outcome: 'skipped', reason: 'shutdown' });
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
