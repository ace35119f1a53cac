import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppLogger, loadConfig } from '@flowpilot/shared';
import { dropGatewayDatabase, openGatewayDatabase } from '../../test/gateway-database';
import { GatewayConfigSchema } from '../gateway.config';
import { RetentionPruner } from './retention-pruner.service';
import { RetentionRepository } from './retention.repository';

/** Retention on the real PostgreSQL: what goes, what must stay, and the attempt logs that go with their delivery. */
const run = randomUUID().slice(0, 8);
const database = `flowpilot_gw_retention_${run}`;

describe('RetentionPruner (real PostgreSQL)', () => {
  let db: DataSource;
  let sut: RetentionPruner;
  const config = loadConfig('gateway', GatewayConfigSchema, {
    WEBHOOK_FINISHED_RETENTION_DAYS: '7',
  });

  beforeAll(async () => {
    db = await openGatewayDatabase(database, 'gateway-retention-it');
    sut = new RetentionPruner(
      config,
      new RetentionRepository(db),
      new AppLogger('test', 'error', () => undefined),
    );
  }, 60_000);

  afterAll(async () => {
    await dropGatewayDatabase(db, database);
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
    expect(await sut.prune()).toEqual({ deliveries: 2 });

    const outbox: { id: string }[] = await db.query(`SELECT id FROM webhook_outbox`);
    expect(outbox.map((r) => r.id).sort()).toEqual([...kept].sort());
    const orphanAttempts: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[])`,
      [[oldDelivered, oldCancelled]],
    );
    expect(Number(orphanAttempts[0].n)).toBe(0);
    // Nothing left to prune a moment later.
    expect(await sut.prune()).toEqual({ deliveries: 0 });
  });
});
