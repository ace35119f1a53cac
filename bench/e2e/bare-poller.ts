/**
 * The baseline of the incident-to-webhook benchmark, as its own process: the
 * least a program can do to turn a Camunda incident into a signed webhook.
 * It polls `GET /incident` on the same schedule as the collector (the next
 * poll starts one interval after the previous one started, at once if it took
 * longer) and POSTs each incident it has not seen to the receiver, signed like
 * the gateway signs. No Kafka, no database, no analysis, no retries.
 *
 * argv[2] is a JSON object: { engineUrl, processDefinitionKey, intervalMs, receiverUrl, secret }.
 * Prints "ready" after its first poll; stops on SIGTERM.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

interface Options {
  engineUrl: string;
  processDefinitionKey: string;
  intervalMs: number;
  receiverUrl: string;
  secret: string;
}

interface CamundaIncident {
  id: string;
  processInstanceId: string;
  incidentTimestamp: string;
  incidentMessage: string | null;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const seen = new Set<string>();
let stopped = false;
process.on('SIGTERM', () => (stopped = true));

async function deliver(incident: CamundaIncident): Promise<void> {
  const rawBody = JSON.stringify({
    id: `baseline-${incident.id}`,
    type: 'baseline.incident',
    version: 1,
    occurredAt: new Date().toISOString(),
    data: { incidentId: incident.id, processInstanceId: incident.processInstanceId },
  });
  const timestamp = Math.floor(Date.now() / 1_000);
  const signature = createHmac('sha256', options.secret).update(`${timestamp}.${rawBody}`).digest('hex');
  await fetch(options.receiverUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-flowpilot-signature': `t=${timestamp},v1=${signature}`,
    },
    body: rawBody,
  });
}

async function poll(): Promise<void> {
  const response = await fetch(
    `${options.engineUrl}/incident?processDefinitionKeyIn=${encodeURIComponent(options.processDefinitionKey)}`,
    { headers: { accept: 'application/json' } },
  );
  if (!response.ok) throw new Error(`GET /incident answered ${response.status}`);
  for (const incident of (await response.json()) as CamundaIncident[]) {
    if (seen.has(incident.id)) continue;
    seen.add(incident.id);
    await deliver(incident);
  }
}

async function main(): Promise<void> {
  let first = true;
  while (!stopped) {
    const started = Date.now();
    await poll().catch((error: Error) => process.stderr.write(`bare poller: ${error.message}\n`));
    if (first) process.stdout.write('ready\n');
    first = false;
    await sleep(Math.max(0, options.intervalMs - (Date.now() - started)));
  }
}

void main();
