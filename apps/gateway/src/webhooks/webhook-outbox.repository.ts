import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows, type Queryable, type StoredTraceContext } from '@flowpilot/shared';
import { DeliveryRow, deliveryView, DeliveryView } from './webhook-delivery-read.repository';
import { WebhookBody, WebhookEventType } from './webhook-body.contract';

/** A consumed event, ready to be matched against subscriptions. */
export interface OutboundEvent {
  body: WebhookBody;
  nodeId: string | null;
  /** Undefined for events that are not about a process (node up/down): process filters do not apply to them. */
  processDefinitionKey?: string | null;
}

export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  body: WebhookBody;
  attempts: number;
  expiresAt: Date;
  url: string;
  secret: string;
  subscriptionLive: boolean;
  /** The trace of the event that caused the delivery (null for rows without one). */
  trace: StoredTraceContext;
}

export interface AttemptResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * The transactional outbox. Rows are written in the same transaction as the
 * read-model change that caused them, claimed with FOR UPDATE SKIP LOCKED and
 * a lease (several dispatchers, or a crashed one, never lose or double-claim a
 * row), and kept with their attempt log after delivery or dead-lettering.
 */
@Injectable()
export class WebhookOutboxRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * One row per matching live subscription for each event, in one statement; a repeat of the same
   * event adds nothing. Returns the number of rows added. Each event's `trace` is the context of the
   * work that caused it: the delivery, however late, continues that trace.
   */
  async enqueueAll(
    tx: Queryable,
    events: readonly { event: OutboundEvent; trace: StoredTraceContext }[],
    maxAgeMs: number,
  ): Promise<number> {
    if (events.length === 0) return 0;
    const rows = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO webhook_outbox (id, subscription_id, event_id, event_type, body, expires_at, traceparent, tracestate)
       SELECT gen_random_uuid(), s.id, e.event_id, e.event_type, e.body, now() + make_interval(secs => $9::double precision / 1000),
         e.traceparent, e.tracestate
       FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[])
         AS e(event_id, event_type, body, node_id, process_filtered, process_key, traceparent, tracestate)
       JOIN webhook_subscriptions s ON s.active AND s.deleted_at IS NULL AND e.event_type = ANY (s.events)
         AND (cardinality(s.filter_node_ids) = 0 OR e.node_id = ANY (s.filter_node_ids))
         AND (NOT e.process_filtered OR cardinality(s.filter_process_definition_keys) = 0 OR e.process_key = ANY (s.filter_process_definition_keys))
       ON CONFLICT (subscription_id, event_id, event_type) DO NOTHING
       RETURNING id`,
      [
        events.map(({ event }) => event.body.id),
        events.map(({ event }) => event.body.type),
        events.map(({ event }) => JSON.stringify(event.body)),
        events.map(({ event }) => event.nodeId),
        events.map(({ event }) => event.processDefinitionKey !== undefined),
        events.map(({ event }) => event.processDefinitionKey ?? null),
        events.map(({ trace }) => trace.traceparent),
        events.map(({ trace }) => trace.tracestate),
        maxAgeMs,
      ],
    );
    return rows.length;
  }

  /**
   * A delivery to one subscription regardless of its event list (test pings), attempted by the caller at once
   * (the poller picks it up after a minute if that never happened); dead-lettered after its first failure.
   */
  async enqueueDirect(subscriptionId: string, body: WebhookBody): Promise<string> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      `INSERT INTO webhook_outbox (id, subscription_id, event_id, event_type, body, expires_at, next_attempt_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4::jsonb, now(), now() + interval '1 minute') RETURNING id`,
      [subscriptionId, body.id, body.type, JSON.stringify(body)],
    );
    return rows[0].id;
  }

  /** Claims due deliveries (or the one named) for `leaseMs`: if this process dies, they become due again when the lease ends. */
  async claim(limit: number, leaseMs: number, onlyId?: string): Promise<ClaimedDelivery[]> {
    const due = onlyId ? `id = $3 AND status = 'pending'` : `status = 'pending' AND next_attempt_at <= now()`;
    const rows = await queryRows<DeliveryRow & { url: string; secret: string; live: boolean }>(
      this.db,
      `WITH due AS (
         SELECT id FROM webhook_outbox WHERE ${due} ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_outbox o SET
         attempts = o.attempts + 1,
         last_attempt_at = now(),
         next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM due, webhook_subscriptions s
       WHERE o.id = due.id AND s.id = o.subscription_id
       RETURNING o.*, s.url, s.secret, (s.active AND s.deleted_at IS NULL) AS live`,
      onlyId ? [limit, leaseMs, onlyId] : [limit, leaseMs],
    );
    return rows.map((row) => ({
      id: row.id,
      subscriptionId: row.subscription_id,
      eventId: row.event_id,
      eventType: row.event_type,
      body: row.body,
      attempts: row.attempts,
      expiresAt: row.expires_at,
      url: row.url,
      secret: row.secret,
      subscriptionLive: row.live,
      trace: { traceparent: row.traceparent, tracestate: row.tracestate },
    }));
  }

  /**
   * The `mark*` updates are fenced by the claim they finish (`status = 'pending' AND attempts = <claimed>`):
   * a dispatcher whose lease ran out while it waited must not overwrite the outcome of the one that
   * re-claimed the row. Each returns false when the claim was lost and nothing was written.
   */
  async markDelivered(id: string, attempt: number, result: AttemptResult): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = await queryRows(
        tx,
        `UPDATE webhook_outbox SET status = 'delivered', delivered_at = now(), last_status_code = $3, last_error = NULL
         WHERE id = $1 AND status = 'pending' AND attempts = $2 RETURNING id`,
        [id, attempt, result.statusCode],
      );
      if (updated.length === 0) return false;
      await this.log(tx, id, attempt, result, 'delivered');
      return true;
    });
  }

  /** Schedules the next attempt, or dead-letters the delivery when `nextAttemptAt` is null. */
  async markFailed(
    id: string,
    attempt: number,
    result: AttemptResult,
    nextAttemptAt: Date | null,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const updated = nextAttemptAt
        ? await queryRows(
            tx,
            `UPDATE webhook_outbox SET next_attempt_at = $3, last_status_code = $4, last_error = $5
             WHERE id = $1 AND status = 'pending' AND attempts = $2 RETURNING id`,
            [id, attempt, nextAttemptAt, result.statusCode, result.error],
          )
        : await queryRows(
            tx,
            `UPDATE webhook_outbox SET status = 'dead', dead_at = now(), last_status_code = $3, last_error = $4
             WHERE id = $1 AND status = 'pending' AND attempts = $2 RETURNING id`,
            [id, attempt, result.statusCode, result.error],
          );
      if (updated.length === 0) return false;
      await this.log(tx, id, attempt, result, nextAttemptAt ? 'retry-scheduled' : 'dead-lettered');
      return true;
    });
  }

  async markCancelled(id: string, attempt: number): Promise<boolean> {
    const updated = await queryRows(
      this.db,
      `UPDATE webhook_outbox SET status = 'cancelled' WHERE id = $1 AND status = 'pending' AND attempts = $2 RETURNING id`,
      [id, attempt],
    );
    return updated.length > 0;
  }

  /** Puts a delivered, dead or cancelled delivery (never a pending one, which may be in flight) back in the queue with a fresh deadline; same delivery id, same event id. */
  async requeue(subscriptionId: string, id: string, maxAgeMs: number): Promise<DeliveryView | null> {
    const rows = await queryRows<DeliveryRow>(
      this.db,
      `UPDATE webhook_outbox SET status = 'pending', next_attempt_at = now(), dead_at = NULL, delivered_at = NULL,
         expires_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE id = $2 AND subscription_id = $1 AND status <> 'pending' RETURNING *`,
      [subscriptionId, id, maxAgeMs],
    );
    return rows[0] ? deliveryView(rows[0]) : null;
  }

  private async log(
    tx: Queryable,
    id: string,
    attempt: number,
    result: AttemptResult,
    outcome: string,
  ): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, status_code, latency_ms, error, outcome) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, attempt, result.statusCode, Math.round(result.latencyMs), result.error, outcome],
    );
  }
}
