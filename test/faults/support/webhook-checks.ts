import { ReceivedWebhook, WebhookReceiver } from '../../support/webhook-receiver';
import { gatewayApi } from './fault-apps';

export async function subscribe(url: string, events: string[]): Promise<string> {
  const response = await gatewayApi('/webhooks', { method: 'POST', body: JSON.stringify({ url, events }) });
  if (response.status !== 201)
    throw new Error(`subscribing ${url} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Event ids this receiver accepted (answered 2xx) more than once. The receiver
 * records only accepted deliveries, so a retry after a refused or failed
 * attempt is not counted; two accepted deliveries of one id are.
 */
export function acceptedTwice(receiver: WebhookReceiver): string[] {
  const counts = new Map<string, number>();
  for (const webhook of receiver.received)
    counts.set(webhook.body.id, (counts.get(webhook.body.id) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
}

export function deliveries(
  receiver: WebhookReceiver,
  type: string,
  where: (data: Record<string, unknown>) => boolean = () => true,
): ReceivedWebhook[] {
  return receiver.received.filter((w) => w.body.type === type && where(w.body.data));
}
