import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TemporaryDatabase } from '@flowpilot/shared/testing';
import { GATEWAY_MIGRATIONS } from '../database/gateway.migrations';
import { healthScore, incidentOpened } from '../../test/live-payloads';
import { TrendBucketsRepository } from './trend-buckets.repository';
import { TrendReadRepository } from './trend-read.repository';

/** The hourly buckets on the real PostgreSQL: folding, merging across batches, dense series, walked-back incidents. */
const HOUR = 3_600_000;

describe('trend buckets (real PostgreSQL)', () => {
  let database: TemporaryDatabase;
  let db: DataSource;
  let writes: TrendBucketsRepository;
  let sut: TrendReadRepository;
  const now = new Date();
  const hoursAgo = (h: number, minute = 5) =>
    new Date(Math.floor(now.getTime() / HOUR) * HOUR - h * HOUR + minute * 60_000).toISOString();

  beforeAll(async () => {
    database = TemporaryDatabase.create('flowpilot_gw_trends');
    db = await database.openSchema('gateway', {
      migrations: GATEWAY_MIGRATIONS,
      applicationName: 'gateway-trends-it',
    });
    writes = new TrendBucketsRepository(db);
    sut = new TrendReadRepository(db);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    database?.drop();
  }, 60_000);

  const completed = (durationMs: number, endedAt: string, definitionId = 'order:2:b') => ({
    processInstanceId: randomUUID(),
    processDefinitionId: definitionId,
    processDefinitionKey: 'order',
    businessKey: null,
    state: 'COMPLETED',
    startedAt: new Date(Date.parse(endedAt) - durationMs).toISOString(),
    endedAt,
    durationMs,
  });

  it('counts, p95 and open incidents per hour, the same whether facts come in one batch or one by one', async () => {
    const facts = Array.from({ length: 20 }, (_, i) => completed((i + 1) * 1_000, hoursAgo(1)));
    await db.transaction((tx) => writes.applyProcessCompleted(tx, 'n1', facts.slice(0, 10)));
    for (const fact of facts.slice(10))
      await db.transaction((tx) => writes.applyProcessCompleted(tx, 'n1', [fact]));
    await db.transaction((tx) =>
      writes.applyProcessStarted(
        tx,
        'n1',
        facts.map((f) => ({ ...f, startedAt: hoursAgo(2) })),
      ),
    );
    // Two incidents opened two hours ago, one resolved in the last hour; one still open now.
    const open = incidentOpened({ processDefinitionKey: 'order', createdAt: hoursAgo(2) });
    const closed = incidentOpened({ processDefinitionKey: 'order', createdAt: hoursAgo(2) });
    await db.transaction((tx) => writes.applyIncidentsOpened(tx, 'n1', [open, closed]));
    await db.transaction((tx) =>
      writes.applyIncidentsResolved(tx, 'n1', [
        {
          incidentId: closed.incidentId,
          incidentType: 'failedJob',
          processDefinitionKey: 'order',
          processInstanceId: closed.processInstanceId,
          activityId: closed.activityId,
          resolution: 'resolved',
          createdAt: closed.createdAt,
          endedAt: hoursAgo(1),
        },
      ]),
    );
    await db.query(
      `INSERT INTO incidents (node_id, incident_id, process_definition_key, status, opened_at) VALUES ('n1', $1, 'order', 'open', $2)`,
      [open.incidentId, open.createdAt],
    );

    const trends = await sut.processTrends({ hours: 4 }, now);

    const order = trends.processes.find((p) => p.processDefinitionKey === 'order');
    expect(order?.series.map((p) => [p.started, p.completed, p.openIncidents])).toEqual([
      [0, 0, 0],
      [20, 0, 2],
      [0, 20, 1],
      [0, 0, 1],
    ]);
    // Nearest-rank p95 of 1…20 s is 19 s; the histogram reads it back within 2 %.
    expect(Math.abs((order?.series[2].p95Ms ?? 0) - 19_000) / 19_000).toBeLessThanOrEqual(0.02);
    expect(trends.cluster.completed).toBe(20);
    expect(trends.cluster.openIncidents).toBe(1);
  });

  it('keeps activity durations per definition version', async () => {
    const activity = (definitionId: string, durationMs: number) => ({
      activityInstanceId: randomUUID(),
      activityId: 'approve',
      activityName: 'Approve',
      activityType: 'userTask',
      processDefinitionId: definitionId,
      processDefinitionKey: 'order',
      processInstanceId: randomUUID(),
      executionId: null,
      assignee: null,
      canceled: false,
      startedAt: hoursAgo(1),
      endedAt: hoursAgo(1, 30),
      durationMs,
    });
    await db.transaction((tx) =>
      writes.applyActivitiesCompleted(tx, 'n1', [
        activity('order:1:a', 60_000),
        activity('order:2:b', 2_000),
        activity('order:2:b', 4_000),
      ]),
    );

    const v2 = await sut.activityDurations('n1', ['order:2:b'], hoursAgo(24));
    const both = await sut.activityDurations('n1', ['order:1:a', 'order:2:b'], hoursAgo(24));

    expect(v2).toEqual([
      expect.objectContaining({ activityId: 'approve', count: 2, maxMs: 4_000, meanMs: 3_000 }),
    ]);
    expect(Math.abs((v2[0].p95Ms ?? 0) - 4_000) / 4_000).toBeLessThanOrEqual(0.02);
    expect(both[0]).toMatchObject({ count: 3, maxMs: 60_000 });
  });

  it('keeps the last, lowest and average health score of each hour', async () => {
    const at = (minute: number, score: number) => ({
      ...healthScore('node', 'n1', score),
      computedAt: hoursAgo(0, minute),
    });
    await db.transaction((tx) => writes.applyHealth(tx, [at(30, 60), at(10, 90)]));
    await db.transaction((tx) =>
      writes.applyHealth(tx, [{ ...healthScore('cluster', null, 70), computedAt: hoursAgo(0, 20) }]),
    );

    const health = await sut.healthTrends({ hours: 2 }, now);

    expect(health.nodes).toEqual([
      { nodeId: 'n1', series: [expect.objectContaining({ averageScore: 75, minScore: 60, lastScore: 60 })] },
    ]);
    expect(health.cluster).toEqual([expect.objectContaining({ lastScore: 70 })]);
  });
});
