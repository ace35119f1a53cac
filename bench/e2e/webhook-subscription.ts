/**
 * Subscribes a receiver to webhooks through the gateway's REST API, as an
 * integrator would, and returns the signing secret the gateway issued.
 */
export async function subscribeWebhook(
  gatewayUrl: string,
  adminKey: string,
  receiverUrl: string,
  events: string[],
  processDefinitionKeys: string[],
): Promise<string> {
  const created = await fetch(`${gatewayUrl}/api/v1/webhooks`, {
    method: 'POST',
    headers: { 'X-API-Key': adminKey, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiverUrl, events, filters: { processDefinitionKeys } }),
  });
  if (created.status !== 201)
    throw new Error(`webhook subscription: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { secret: string }).secret;
}
