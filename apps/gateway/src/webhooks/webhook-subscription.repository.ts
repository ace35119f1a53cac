import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { WebhookEventType } from './webhook-body.contract';

export interface WebhookSubscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
  filters: { nodeIds: string[]; processDefinitionKeys: string[] };
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

interface SubscriptionRow {
  id: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
  filter_node_ids: string[];
  filter_process_definition_keys: string[];
  description: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const toSubscription = (row: SubscriptionRow): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  events: row.events,
  secret: row.secret,
  filters: { nodeIds: row.filter_node_ids, processDefinitionKeys: row.filter_process_definition_keys },
  description: row.description,
  active: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export type NewSubscription = Omit<WebhookSubscription, 'createdAt' | 'updatedAt' | 'active'>;
export type SubscriptionChanges = Partial<Omit<WebhookSubscription, 'id' | 'createdAt' | 'updatedAt'>>;

/** Webhook subscriptions; deleting one keeps the row (soft delete) so its delivery log stays readable. */
@Injectable()
export class WebhookSubscriptionRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async insert(s: NewSubscription): Promise<WebhookSubscription> {
    const rows = await queryRows<SubscriptionRow>(
      this.db,
      `INSERT INTO webhook_subscriptions (id, url, events, secret, filter_node_ids, filter_process_definition_keys, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [s.id, s.url, s.events, s.secret, s.filters.nodeIds, s.filters.processDefinitionKeys, s.description],
    );
    return toSubscription(rows[0]);
  }

  async find(id: string): Promise<WebhookSubscription | null> {
    const rows = await queryRows<SubscriptionRow>(
      this.db,
      `SELECT * FROM webhook_subscriptions WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async list(limit: number, offset: number): Promise<{ rows: WebhookSubscription[]; total: number }> {
    const rows = await queryRows<SubscriptionRow & { total: string }>(
      this.db,
      `SELECT *, count(*) OVER () AS total FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    if (rows[0]) return { rows: rows.map(toSubscription), total: Number(rows[0].total) };
    const count = await queryRows<{ n: string }>(
      this.db,
      `SELECT count(*) AS n FROM webhook_subscriptions WHERE deleted_at IS NULL`,
    );
    return { rows: [], total: Number(count[0].n) };
  }

  async update(id: string, changes: SubscriptionChanges): Promise<WebhookSubscription | null> {
    const rows = await queryRows<SubscriptionRow>(
      this.db,
      `UPDATE webhook_subscriptions SET
         url = coalesce($2, url),
         events = coalesce($3, events),
         secret = coalesce($4, secret),
         filter_node_ids = coalesce($5, filter_node_ids),
         filter_process_definition_keys = coalesce($6, filter_process_definition_keys),
         description = CASE WHEN $7 THEN $8 ELSE description END,
         active = coalesce($9, active),
         updated_at = now()
       WHERE id = $1 AND deleted_at IS NULL RETURNING *`,
      [
        id,
        changes.url ?? null,
        changes.events ?? null,
        changes.secret ?? null,
        changes.filters?.nodeIds ?? null,
        changes.filters?.processDefinitionKeys ?? null,
        changes.description !== undefined,
        changes.description ?? null,
        changes.active ?? null,
      ],
    );
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  /** Soft-deletes and cancels what is still waiting to be delivered. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await queryRows<{ id: string }>(
        tx,
        `UPDATE webhook_subscriptions SET deleted_at = now(), active = false, updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
        [id],
      );
      if (rows.length === 0) return false;
      await queryRows(
        tx,
        `UPDATE webhook_outbox SET status = 'cancelled' WHERE subscription_id = $1 AND status = 'pending'`,
        [id],
      );
      return true;
    });
  }
}
