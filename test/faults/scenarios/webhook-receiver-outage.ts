import { waitFor } from '../../support/wait-for';
import { delay, FaultContext } from '../support/fault-context';
import { record } from '../support/figures';
import { acceptedRetries, acceptedTwice } from '../support/webhook-checks';

/** The late receiver refuses connections at least this long while the other faults make events. */
export const RECEIVER_OUTAGE_MS = 120_000;
export const LATE_RECEIVER_EVENTS = ['incident.opened', 'incident.analyzed', 'process.completed'];

export function webhookReceiverOutage(ctx: FaultContext): void {
  it('a webhook receiver down for two minutes gets everything once it is back', async () => {
    const started = Date.now();
    const remaining = ctx.lateReceiverDownAt + RECEIVER_OUTAGE_MS - Date.now();
    if (remaining > 0) await delay(remaining);
    // What the always-up receiver got of the same types is what the late one must get.
    const expected = new Set(
      ctx.receiver.received.filter((w) => LATE_RECEIVER_EVENTS.includes(w.body.type)).map((w) => w.body.id),
    );
    expect(expected.size).toBeGreaterThan(0);
    const outageMs = Date.now() - ctx.lateReceiverDownAt;
    await ctx.lateReceiver.start(ctx.lateReceiverPort);
    const backAt = Date.now();
    await waitFor(
      `all ${expected.size} webhooks at the receiver that was down`,
      () => {
        const got = new Set(ctx.lateReceiver.received.map((w) => w.body.id));
        return [...expected].every((id) => got.has(id));
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(acceptedTwice(ctx.lateReceiver)).toEqual([]);
    record('webhook-receiver-outage', {
      durationMs: Date.now() - started,
      receiverOutageMs: outageMs,
      deliveriesChecked: expected.size,
      allDeliveredAfterReturnMs: Date.now() - backAt,
      webhooksAcceptedTwice: acceptedTwice(ctx.lateReceiver).length,
      webhookRetriesOfOneRow: acceptedRetries(ctx.lateReceiver),
    });
  }, 300_000);
}
