import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppLogger } from '@flowpilot/shared';
import { TemporaryDatabase } from '@flowpilot/shared/testing';
import { GATEWAY_MIGRATIONS } from '../database/gateway.migrations';
import { RetentionPruner } from './retention-pruner.service';
import { TrendBucketsRepository } from '../trends/trend-buckets.repository';
import { RetentionRepository } from './retention.repository';

/** Retention on the real PostgreSQL: what goes, what must stay, and the attempt logs that go with their delivery. */
const DAY_MS = 24 * 3_600_000;

describe('RetentionPruner (real PostgreSQL)', () => {
  let database: TemporaryDatabase;
  let db: DataSource;
  let sut: RetentionPruner;
  const settings = { finishedDeliveryDays: 7, trendBucketDays: 10, pruneIntervalMs: 3_600_000 };

  beforeAll(async () => {
    database = TemporaryDatabase.create('flowpilot_gw_retention');
    db = await database.openSchema('gateway', {
      migrations: GATEWAY_MIGRATIONS,
      applicationName: 'gateway-retention-it',
    });
    sut = new RetentionPruner(
      settings,
      new RetentionRepository(db),
      new TrendBucketsRepository(db),
      new AppLogger('test', 'error', () => undefined),
    );
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    database?.drop();
  }, 60_000);

  async function delivery(subscriptionId: string, status: string, ageDays: number): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO webhook_outbox (id, subscription_id, event_id, event_type, body, status, created_at, expires_at)
       VALUES ($1, $2, $3, 'incident.opened', '{}'::jsonb, $4, now() - make_interval(days => $5), now())`,
      [id, subscriptionId, randomUUID(), status, ageDays],
    );
    await db.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, latency_ms, outcome) VALUES ($1, 1, 5, 'x')`,
      [id],
    );
    return id;
  }

  it('deletes finished deliveries past retention, nothing else', async () => {
    const subscriptionId = randomUUID();
    await db.query(
      `INSERT INTO webhook_subscriptions (id, url, events, secret) VALUES ($1, 'http://127.0.0.1:1/hook', '{incident.opened}', 's')`,
      [subscriptionId],
    );
    const oldDelivered = await delivery(subscriptionId, 'delivered', 8);
    const oldCancelled = await delivery(subscriptionId, 'cancelled', 8);
    const kept = [
      await delivery(subscriptionId, 'delivered', 6),
      await delivery(subscriptionId, 'cancelled', 6),
      await delivery(subscriptionId, 'pending', 40),
      await delivery(subscriptionId, 'dead', 40),
    ];
    // Trend buckets: hours older than TREND_RETENTION_DAYS (10) go, in each of the three tables.
    for (const ageDays of [11, 9]) {
      await db.query(
        `INSERT INTO process_hourly (node_id, process_definition_key, hour, started) VALUES ('n', 'p', now() - make_interval(days => $1), 1)`,
        [ageDays],
      );
      await db.query(
        `INSERT INTO activity_hourly (node_id, process_definition_id, activity_id, hour, process_definition_key, count)
         VALUES ('n', 'p:1:x', 'a', now() - make_interval(days => $1), 'p', 1)`,
        [ageDays],
      );
      await db.query(
        `INSERT INTO health_hourly (subject, hour, samples, score_sum, score_min, last_score, last_status, last_at)
         VALUES ('n', now() - make_interval(days => $1), 1, 90, 90, 90, 'healthy', now())`,
        [ageDays],
      );
    }

    expect(await sut.prune()).toEqual({ deliveries: 2, trendBuckets: 3 });
    for (const table of ['process_hourly', 'activity_hourly', 'health_hourly']) {
      const left: { n: string }[] = await db.query(`SELECT count(*) AS n FROM ${table}`);
      expect(Number(left[0].n)).toBe(1);
    }

    const outbox: { id: string }[] = await db.query(`SELECT id FROM webhook_outbox`);
    expect(outbox.map((r) => r.id).sort()).toEqual([...kept].sort());
    const orphanAttempts: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[])`,
      [[oldDelivered, oldCancelled]],
    );
    expect(Number(orphanAttempts[0].n)).toBe(0);
    // A run a day and a half later takes the buckets that were 9 days old.
    expect(await sut.prune(new Date(Date.now() + DAY_MS * 1.5))).toEqual({ deliveries: 2, trendBuckets: 3 });
  });
});
