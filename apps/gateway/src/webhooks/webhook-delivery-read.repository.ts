import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@flowpilot/shared';
import { Paged } from '../http/paging';
import { DeliveryListQuery, DeliveryStatus } from './webhook.schemas';
import { WebhookBody, WebhookEventType } from './webhook-body.contract';

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  expiresAt: string;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
  body?: WebhookBody;
  log?: AttemptView[];
}

export interface AttemptView {
  attempt: number;
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  outcome: string;
  error: string | null;
}

/** A `webhook_outbox` row as PostgreSQL returns it. */
export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: WebhookEventType;
  body: WebhookBody;
  status: DeliveryStatus;
  attempts: number;
  created_at: Date;
  next_attempt_at: Date;
  expires_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  dead_at: Date | null;
  traceparent: string | null;
  tracestate: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The API's view of a delivery row (without its body and attempt log). */
export const deliveryView = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: row.attempts,
  createdAt: row.created_at.toISOString(),
  nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
  expiresAt: row.expires_at.toISOString(),
  lastAttemptAt: iso(row.last_attempt_at),
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  deliveredAt: iso(row.delivered_at),
  deadAt: iso(row.dead_at),
});

/** The deliveries as the API and the metrics read them: pages, one with its attempt log, counts by status. */
@Injectable()
export class WebhookDeliveryReadRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async list(subscriptionId: string | null, query: DeliveryListQuery): Promise<Paged<DeliveryView>> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (subscriptionId) conditions.push(`subscription_id = $${params.push(subscriptionId)}`);
    if (query.status) conditions.push(`status = $${params.push(query.status)}`);
    if (query.eventType) conditions.push(`event_type = $${params.push(query.eventType)}`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await queryRows<DeliveryRow & { total: string }>(
      this.db,
      `SELECT *, count(*) OVER () AS total FROM webhook_outbox ${where} ORDER BY created_at DESC, id
       LIMIT $${params.push(query.limit)} OFFSET $${params.push(query.offset)}`,
      params,
    );
    let total = rows[0] ? Number(rows[0].total) : 0;
    if (!rows[0] && query.offset > 0) {
      const count = await queryRows<{ n: string }>(
        this.db,
        `SELECT count(*) AS n FROM webhook_outbox ${where}`,
        params.slice(0, -2),
      );
      total = Number(count[0].n);
    }
    return { data: rows.map(deliveryView), page: { limit: query.limit, offset: query.offset, total } };
  }

  async get(subscriptionId: string, id: string): Promise<DeliveryView | null> {
    const rows = await queryRows<DeliveryRow>(
      this.db,
      `SELECT * FROM webhook_outbox WHERE id = $1 AND subscription_id = $2`,
      [id, subscriptionId],
    );
    if (!rows[0]) return null;
    const attempts = await queryRows<{
      attempt: number;
      attempted_at: Date;
      status_code: number | null;
      latency_ms: number;
      outcome: string;
      error: string | null;
    }>(this.db, `SELECT * FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`, [id]);
    return {
      ...deliveryView(rows[0]),
      body: rows[0].body,
      log: attempts.map((a) => ({
        attempt: a.attempt,
        attemptedAt: a.attempted_at.toISOString(),
        statusCode: a.status_code,
        latencyMs: a.latency_ms,
        outcome: a.outcome,
        error: a.error,
      })),
    };
  }

  /** Counts by status, for metrics and the dashboard. */
  async statusCounts(): Promise<Record<DeliveryStatus, number>> {
    const rows = await queryRows<{ status: DeliveryStatus; n: string }>(
      this.db,
      `SELECT status, count(*) AS n FROM webhook_outbox GROUP BY status`,
    );
    const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0, cancelled: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }
}
