import { WebhookReceiver } from '../support/webhook-receiver';
import { camundaNodeKill } from './scenarios/camunda-node-kill';
import { kafkaBrokerRestart } from './scenarios/kafka-broker-restart';
import { postgresRestart } from './scenarios/postgres-restart';
import { batchedConsumersKilled } from './scenarios/batched-consumers-killed';
import { serviceKilledMidBatch } from './scenarios/service-killed-mid-batch';
import { LATE_RECEIVER_EVENTS, webhookReceiverOutage } from './scenarios/webhook-receiver-outage';
import { faultApp } from './support/fault-apps';
import { FaultContext } from './support/fault-context';
import { writeFigures } from './support/figures';
import { deployFaultModels } from './support/fault-models';
import { camundaUrl } from './support/private-stack';
import { subscribe } from './support/webhook-checks';

/**
 * Fault injection on a private stack (test/faults/support/global-setup.ts):
 * real processes, real crashes, loopback only. The scenarios run in this order
 * and share one set of services; the webhook receiver outage spans all of them.
 */
describe('Flowpilot under faults', () => {
  const ctx: FaultContext = {
    apps: {
      collector: faultApp('collector'),
      'incident-ai': faultApp('incident-ai'),
      gateway: faultApp('gateway'),
      analyzer: faultApp('analyzer'),
    },
    receiver: new WebhookReceiver(),
    lateReceiver: new WebhookReceiver(),
    lateReceiverPort: 0,
    lateReceiverDownAt: 0,
  };

  beforeAll(async () => {
    await Promise.all([deployFaultModels(camundaUrl(1)), deployFaultModels(camundaUrl(2))]);
    await Promise.all(Object.values(ctx.apps).map((app) => app.start()));
    const url = await ctx.receiver.start();
    await subscribe(url, [
      'incident.opened',
      'incident.analyzed',
      'process.completed',
      'node.down',
      'node.up',
    ]);
    const lateUrl = await ctx.lateReceiver.start();
    ctx.lateReceiverPort = Number(new URL(lateUrl).port);
    await subscribe(lateUrl, LATE_RECEIVER_EVENTS);
    await ctx.lateReceiver.stop();
    ctx.lateReceiverDownAt = Date.now();
  }, 240_000);

  afterAll(async () => {
    writeFigures();
    await Promise.all(Object.values(ctx.apps).map((app) => app.stop()));
    await Promise.all([ctx.receiver.stop(), ctx.lateReceiver.stop()]);
  }, 60_000);

  kafkaBrokerRestart(ctx);
  camundaNodeKill(ctx);
  postgresRestart(ctx);
  serviceKilledMidBatch(ctx);
  batchedConsumersKilled(ctx);
  webhookReceiverOutage(ctx);
});
