import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, captureTraceContext, Envelope } from '@flowpilot/shared';
import { queryRows } from '../database/query-rows.util';
import { GatewayConfig } from '../gateway.config';
import { OutboundEvent, WebhookOutboxRepository } from '../webhooks/webhook-outbox.repository';
import { WebhookDispatchEvents } from '../webhooks/webhook-dispatch.events';

export type Projection = (tx: EntityManager) => Promise<OutboundEvent[] | void>;

/**
 * Applies a consumed event to the read models and writes the webhook outbox
 * rows it causes in ONE transaction, together with the event id: either all
 * of it happens exactly once or none of it does, so a crash can neither lose a
 * notification, nor notify about an unrecorded change, nor count an event twice.
 */
@Injectable()
export class ProjectionWriter {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(WebhookOutboxRepository) private readonly outbox: WebhookOutboxRepository,
    @Inject(WebhookDispatchEvents) private readonly events: WebhookDispatchEvents,
  ) {}

  /** `project` returns the webhook events to send (or nothing); returns false when the event was already applied. */
  async apply(topic: string, envelope: Envelope<unknown>, project: Projection): Promise<boolean> {
    let enqueued = 0;
    // The consumer's span (a child of the producer's): deliveries made later from the outbox join its trace.
    const trace = captureTraceContext();
    const applied = await this.db.transaction(async (tx) => {
      const fresh = await queryRows<{ event_id: string }>(
        tx,
        `INSERT INTO projected_events (event_id, topic) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [envelope.eventId, topic],
      );
      if (fresh.length === 0) return false;
      for (const event of (await project(tx)) ?? [])
        enqueued += await this.outbox.enqueue(tx, event, this.config.WEBHOOK_MAX_AGE_MS, trace);
      return true;
    });
    if (enqueued > 0) this.events.emit('enqueued', { count: enqueued });
    return applied;
  }
}
