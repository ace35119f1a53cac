import { ReceivedWebhook, WebhookReceiver } from '../../support/webhook-receiver';
import { gatewayApi } from './fault-apps';

export async function subscribe(url: string, events: string[]): Promise<string> {
  const response = await gatewayApi('/webhooks', { method: 'POST', body: JSON.stringify({ url, events }) });
  if (response.status !== 201)
    throw new Error(`subscribing ${url} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Event ids this receiver accepted (answered 2xx) from more than one outbox row.
 * The receiver records only accepted deliveries. One row (`X-Flowpilot-Delivery`)
 * accepted twice is a retry of the same id: the gateway re-sends a row only after
 * an attempt failed or outlived WEBHOOK_TIMEOUT_MS, which a loaded receiver can
 * cause after it has already answered; the issue allows those. Two rows for one
 * event id would mean the event was projected twice, which is the bug looked for.
 */
export function acceptedTwice(receiver: WebhookReceiver): string[] {
  const rowsByEvent = new Map<string, Set<string>>();
  for (const webhook of receiver.received) {
    const rows = rowsByEvent.get(webhook.body.id) ?? new Set<string>();
    rows.add(deliveryIdOf(webhook));
    rowsByEvent.set(webhook.body.id, rows);
  }
  return [...rowsByEvent].filter(([, rows]) => rows.size > 1).map(([id]) => id);
}

/** Accepted deliveries that repeated an already accepted row: retries after a timed-out attempt. */
export function acceptedRetries(receiver: WebhookReceiver): number {
  const rows = new Set(receiver.received.map(deliveryIdOf));
  return receiver.received.length - rows.size;
}

function deliveryIdOf(webhook: ReceivedWebhook): string {
  const header = webhook.headers['x-flowpilot-delivery'];
  if (typeof header !== 'string' || header === '')
    throw new Error(`webhook ${webhook.body.id} arrived without an X-Flowpilot-Delivery header`);
  return header;
}

export function deliveries(
  receiver: WebhookReceiver,
  type: string,
  where: (data: Record<string, unknown>) => boolean = () => true,
): ReceivedWebhook[] {
  return receiver.received.filter((w) => w.body.type === type && where(w.body.data));
}
