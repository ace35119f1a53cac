import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppLogger, ContextLogger, errorMessage, withSpanInStoredContext } from '@flowpilot/shared';
import { WebhookDeliverySettings } from '../gateway.settings';
import { nextAttemptAt } from './delivery-retry.util';
import { ClaimedDelivery, WebhookOutboxRepository } from './webhook-outbox.repository';
import { SendResult, WebhookSender } from './webhook-sender';
import { WebhookAttempt, WebhookDispatchEvents } from './webhook-dispatch.events';

/** Time to write the outcome after the request timed out, before a claim lapses. */
const LEASE_MARGIN_MS = 5_000;

/**
 * Delivers from the outbox: claims due rows (several gateway replicas share the
 * work through SKIP LOCKED), sends them in parallel up to WEBHOOK_CONCURRENCY,
 * and records each attempt. Failures are retried with exponential backoff and
 * jitter until WEBHOOK_MAX_AGE_MS, then dead-lettered.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log: ContextLogger;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private wake: (() => void) | null = null;
  private pendingWake = false;
  private loop: Promise<void> | null = null;

  constructor(
    @Inject(WebhookDeliverySettings) private readonly settings: WebhookDeliverySettings,
    @Inject(WebhookOutboxRepository)
    private readonly outbox: Pick<
      WebhookOutboxRepository,
      'claim' | 'markDelivered' | 'markFailed' | 'markCancelled'
    >,
    @Inject(WebhookSender) private readonly sender: Pick<WebhookSender, 'send'>,
    @Inject(WebhookDispatchEvents) private readonly events: WebhookDispatchEvents,
    @Inject(AppLogger) logger: AppLogger,
  ) {
    this.log = logger.forContext('WebhookDispatcher');
    this.events.on('enqueued', () => this.poke());
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
    // Attempts under way finish (bounded by WEBHOOK_TIMEOUT_MS); an interrupted one is retried after its lease.
    await Promise.allSettled([...this.inFlight]);
  }

  /** Attempts one delivery now (test pings) and returns its result. */
  async deliverNow(id: string): Promise<SendResult | null> {
    const [claimed] = await this.outbox.claim(1, this.leaseMs(), id);
    return claimed ? this.attempt(claimed) : null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimedFull = false;
      try {
        const free = this.settings.concurrency - this.inFlight.size;
        if (free > 0) {
          const claimed = await this.outbox.claim(free, this.leaseMs());
          claimedFull = claimed.length === free;
          for (const delivery of claimed) this.track(this.attempt(delivery).then(() => undefined));
        }
      } catch (error) {
        this.log.warn('could not claim deliveries; will try again', { error: errorMessage(error) });
      }
      if (!claimedFull || this.inFlight.size >= this.settings.concurrency) await this.idle();
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    // A failed attempt must never become an unhandled rejection: that would end the gateway.
    void work
      .catch((error: unknown) => this.log.warn('webhook attempt failed', { error: errorMessage(error) }))
      .finally(() => {
        this.inFlight.delete(work);
        this.poke();
      });
  }

  private async attempt(delivery: ClaimedDelivery): Promise<SendResult> {
    if (!delivery.subscriptionLive) {
      await this.outbox.markCancelled(delivery.id, delivery.attempts);
      return { ok: false, statusCode: null, latencyMs: 0, error: 'subscription inactive or deleted' };
    }
    const result = await withSpanInStoredContext(
      `deliver webhook ${delivery.eventType}`,
      delivery.trace,
      {
        'flowpilot.webhook.delivery_id': delivery.id,
        'flowpilot.webhook.event_type': delivery.eventType,
        'flowpilot.webhook.attempt': delivery.attempts,
      },
      () =>
        this.sender.send({
          url: delivery.url,
          secret: delivery.secret,
          eventType: delivery.eventType,
          eventId: delivery.eventId,
          deliveryId: delivery.id,
          rawBody: JSON.stringify(delivery.body),
        }),
    );
    const attemptResult = { statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error };
    try {
      if (result.ok) {
        if (!(await this.outbox.markDelivered(delivery.id, delivery.attempts, attemptResult)))
          return this.claimLost(delivery, result);
        this.events.emit('attempted', attempted(delivery, result, 'delivered'));
      } else {
        const next = nextAttemptAt(delivery.attempts, new Date(), delivery.expiresAt, {
          baseMs: this.settings.retryInitialDelayMs,
          maxMs: this.settings.retryMaxDelayMs,
        });
        if (!(await this.outbox.markFailed(delivery.id, delivery.attempts, attemptResult, next)))
          return this.claimLost(delivery, result);
        this.events.emit(
          'attempted',
          attempted(delivery, result, next ? 'retry-scheduled' : 'dead-lettered'),
        );
      }
    } catch (error) {
      // The outcome could not be written: the lease expires and the delivery is attempted again (same event id).
      this.log.warn('could not record a delivery attempt', {
        deliveryId: delivery.id,
        error: errorMessage(error),
      });
    }
    return result;
  }

  /** Another dispatcher re-claimed the row after this one's lease ran out: its outcome stands, this one is dropped. */
  private claimLost(delivery: ClaimedDelivery, result: SendResult): SendResult {
    this.log.warn('delivery claim lost before its outcome was written; the newer attempt decides', {
      deliveryId: delivery.id,
      attempt: delivery.attempts,
    });
    return result;
  }

  private leaseMs(): number {
    // The sender's own deadline plus slack for its socket timer: a live dispatcher always finishes within the lease.
    return 2 * this.settings.timeoutMs + LEASE_MARGIN_MS;
  }

  /** Looks for due deliveries now instead of at the next poll. */
  wakeUp(): void {
    this.poke();
  }

  private poke(): void {
    if (this.wake) this.wake();
    else this.pendingWake = true;
  }

  private idle(): Promise<void> {
    if (this.pendingWake || !this.running) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.settings.pollIntervalMs);
      this.wake = done;
    });
  }
}

function attempted(
  delivery: ClaimedDelivery,
  result: SendResult,
  outcome: WebhookAttempt['outcome'],
): WebhookAttempt {
  return {
    deliveryId: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt: delivery.attempts,
    outcome,
    latencyMs: result.latencyMs,
    statusCode: result.statusCode,
    error: result.error,
  };
}
