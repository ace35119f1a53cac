import { Inject, Injectable } from '@nestjs/common';
import {
  captureTraceContext,
  Envelope,
  EventBatch,
  PayloadOf,
  Queryable,
  StoredTraceContext,
  TopicName,
} from '@flowpilot/shared';
import { WebhookDeliverySettings } from '../gateway.settings';
import { OutboundEvent, WebhookOutboxRepository } from '../webhooks/webhook-outbox.repository';
import { WebhookDispatchEvents } from '../webhooks/webhook-dispatch.events';

/** Applies a batch's events to the read models (folded or one by one, as the read model likes). */
export type Projection<T extends TopicName> = (
  tx: Queryable,
  events: readonly Envelope<PayloadOf<T>>[],
) => Promise<void>;

/** The webhook events one consumed event causes, decided inside its transaction (and its trace). */
export type Notification<T extends TopicName> = (
  tx: Queryable,
  event: Envelope<PayloadOf<T>>,
) => Promise<OutboundEvent[]> | OutboundEvent[];

/**
 * Applies a batch of consumed events to the read models and writes the webhook
 * outbox rows they cause in the batch's ONE transaction, in which the
 * transport has claimed their event ids: either all of it happens exactly
 * once or none of it does, so a crash can neither lose a notification, nor
 * notify about an unrecorded change, nor count an event twice.
 */
@Injectable()
export class ProjectionWriter {
  constructor(
    @Inject(WebhookDeliverySettings) private readonly delivery: Pick<WebhookDeliverySettings, 'maxAgeMs'>,
    @Inject(WebhookOutboxRepository) private readonly outbox: Pick<WebhookOutboxRepository, 'enqueueAll'>,
    @Inject(WebhookDispatchEvents) private readonly events: WebhookDispatchEvents,
  ) {}

  async apply<T extends TopicName>(
    batch: EventBatch<T>,
    project: Projection<T>,
    notify?: Notification<T>,
  ): Promise<void> {
    await project(batch.tx, batch.events);
    if (!notify) return;
    // Each event's own consumer span: deliveries made later from the outbox join that event's trace.
    const pending = await batch.eachTraced(async (event) => {
      const trace: StoredTraceContext = captureTraceContext();
      return (await notify(batch.tx, event)).map((outbound) => ({ event: outbound, trace }));
    });
    const enqueued = await this.outbox.enqueueAll(batch.tx, pending.flat(), this.delivery.maxAgeMs);
    if (enqueued > 0) batch.afterCommit(() => this.events.emit('enqueued', { count: enqueued }));
  }
}

/** A projection that applies each event alone, in order, for read models with per-event rules. */
export function eachEvent<T extends TopicName>(
  apply: (tx: Queryable, event: Envelope<PayloadOf<T>>) => Promise<unknown>,
): Projection<T> {
  return async (tx, events) => {
    for (const event of events) await apply(tx, event);
  };
}
