import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TemporaryDatabase } from '@flowpilot/shared/testing';
import { GATEWAY_MIGRATIONS } from '../database/gateway.migrations';
import { WebhookOutboxRepository } from './webhook-outbox.repository';

/** The outbox's outcome writes on the real PostgreSQL: a dispatcher whose claim lapsed cannot overwrite a newer one. */
const result = { statusCode: 200, latencyMs: 5, error: null };

describe('WebhookOutboxRepository fencing (real PostgreSQL)', () => {
  let database: TemporaryDatabase;
  let db: DataSource;
  let sut: WebhookOutboxRepository;

  beforeAll(async () => {
    database = TemporaryDatabase.create('flowpilot_gw_outbox');
    db = await database.openSchema('gateway', {
      migrations: GATEWAY_MIGRATIONS,
      applicationName: 'gateway-outbox-it',
    });
    sut = new WebhookOutboxRepository(db);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    database?.drop();
  }, 60_000);

  async function claimedTwice(): Promise<string> {
    const subscriptionId = randomUUID();
    await db.query(
      `INSERT INTO webhook_subscriptions (id, url, events, secret) VALUES ($1, 'http://127.0.0.1:1/hook', '{incident.opened}', 's')`,
      [subscriptionId],
    );
    const id = await sut.enqueueDirect(subscriptionId, {
      id: randomUUID(),
      type: 'incident.opened',
      version: 1,
      occurredAt: new Date().toISOString(),
      data: {},
    });
    // The first dispatcher's lease lapses (0 ms) and a second one claims the row again.
    expect((await sut.claim(1, 0, id))[0].attempts).toBe(1);
    expect((await sut.claim(1, 60_000, id))[0].attempts).toBe(2);
    return id;
  }

  const row = async (id: string) =>
    (
      (await db.query(`SELECT status, attempts, last_error FROM webhook_outbox WHERE id = $1`, [id])) as {
        status: string;
        attempts: number;
        last_error: string | null;
      }[]
    )[0];
  const attemptLog = async (id: string) =>
    (await db.query(`SELECT attempt, outcome FROM webhook_delivery_attempts WHERE delivery_id = $1`, [
      id,
    ])) as {
      attempt: number;
      outcome: string;
    }[];

  it('ignores the stale claim (delivered, failed, dead or cancelled) and keeps the row for the newer one', async () => {
    const id = await claimedTwice();

    expect(await sut.markDelivered(id, 1, result)).toBe(false);
    expect(await sut.markFailed(id, 1, { ...result, error: 'stale' }, null)).toBe(false);
    expect(await sut.markFailed(id, 1, { ...result, error: 'stale' }, new Date())).toBe(false);
    expect(await sut.markCancelled(id, 1)).toBe(false);

    expect(await row(id)).toEqual({ status: 'pending', attempts: 2, last_error: null });
    expect(await attemptLog(id)).toEqual([]);
  });

  it('records the outcome of the current claim, once', async () => {
    const id = await claimedTwice();

    expect(await sut.markDelivered(id, 2, result)).toBe(true);
    expect(await sut.markFailed(id, 2, { ...result, error: 'late' }, null)).toBe(false);

    expect(await row(id)).toEqual({ status: 'delivered', attempts: 2, last_error: null });
    expect(await attemptLog(id)).toEqual([{ attempt: 2, outcome: 'delivered' }]);
  });
});
