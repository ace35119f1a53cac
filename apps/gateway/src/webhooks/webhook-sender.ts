import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { WebhookDeliverySettings } from '../gateway.settings';
import { SsrfGuard, SsrfRefusedError } from './ssrf-guard';
import { signatureHeader } from './webhook-signature.util';

export interface OutgoingWebhook {
  url: string;
  secret: string;
  eventType: string;
  eventId: string;
  deliveryId: string;
  rawBody: string;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** Receivers' answers are not read beyond this: only the status matters. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One signed POST. Connects through the SSRF guard's lookup (the address is
 * checked at connect time, not only when the subscription was saved), does not
 * follow redirects (a 3xx is a failure), and never throws: every outcome is a result.
 */
@Injectable()
export class WebhookSender {
  private readonly timeoutMs: number;

  constructor(
    @Inject(SsrfGuard) private readonly guard: Pick<SsrfGuard, 'assertAllowed' | 'lookup'>,
    @Inject(WebhookDeliverySettings) { timeoutMs }: Pick<WebhookDeliverySettings, 'timeoutMs'>,
  ) {
    this.timeoutMs = timeoutMs;
  }

  async send(webhook: OutgoingWebhook): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    try {
      // The target check resolves DNS: it counts against the attempt's deadline like the connection does.
      await withinDeadline(this.guard.assertAllowed(webhook.url), this.timeoutMs);
    } catch (error) {
      return { ok: false, statusCode: null, latencyMs: elapsed(), error: describe(error) };
    }
    const unixSeconds = Math.floor(Date.now() / 1000);
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(webhook.rawBody)),
      'User-Agent': 'Flowpilot-Webhooks/1',
      'X-Flowpilot-Event': webhook.eventType,
      'X-Flowpilot-Delivery': webhook.deliveryId,
      'Idempotency-Key': webhook.eventId,
      'X-Flowpilot-Signature': signatureHeader(webhook.secret, webhook.rawBody, unixSeconds),
    };
    return new Promise<SendResult>((resolve) => {
      const url = new URL(webhook.url);
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          headers,
          lookup: this.guard.lookup,
          timeout: this.timeoutMs,
          agent: false,
        },
        (response: IncomingMessage) => {
          let received = 0;
          response.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received > MAX_RESPONSE_BYTES) response.destroy();
          });
          const finish = () => {
            const status = response.statusCode ?? 0;
            const ok = status >= 200 && status < 300;
            resolve({
              ok,
              statusCode: status,
              latencyMs: elapsed(),
              error: ok ? null : `receiver answered ${status}`,
            });
          };
          response.on('end', finish);
          response.on('close', finish);
          response.on('error', finish);
        },
      );
      const deadline = setTimeout(
        () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)),
        Math.max(0, this.timeoutMs - elapsed()),
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      request.on('error', (error) =>
        resolve({ ok: false, statusCode: null, latencyMs: elapsed(), error: describe(error) }),
      );
      request.on('close', () => clearTimeout(deadline));
      request.end(webhook.rawBody);
    });
  }
}

/** Rejects when `work` has not settled within `timeoutMs` (a DNS lookup cannot be cancelled, only abandoned). */
function withinDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs} ms (the target's address was not resolved)`)),
      timeoutMs,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof SsrfRefusedError) return `refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  return (code && !message.includes(code) ? `${code}: ${message}` : message).slice(0, 500);
}
