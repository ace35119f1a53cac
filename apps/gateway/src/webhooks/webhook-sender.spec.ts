import { LookupAddress } from 'node:dns';
import { SsrfGuard } from './ssrf-guard';
import { WebhookSender } from './webhook-sender';

const webhook = {
  url: 'http://slow-dns.example.com/hook',
  secret: 'secret',
  eventType: 'incident.opened',
  eventId: 'event-1',
  deliveryId: 'delivery-1',
  rawBody: '{}',
};

describe('WebhookSender', () => {
  it('counts the DNS lookup of the target check against the attempt deadline', async () => {
    const neverAnswers = (): Promise<LookupAddress[]> => new Promise(() => undefined);
    const sut = new WebhookSender(new SsrfGuard({ allowedHosts: [] }, { resolve: neverAnswers }), {
      timeoutMs: 50,
    });

    const result = await sut.send(webhook);

    expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining('50 ms') });
  });

  it('still reports a refused target as refused', async () => {
    const resolvesPrivate = async (): Promise<LookupAddress[]> => [{ address: '10.0.0.1', family: 4 }];
    const sut = new WebhookSender(new SsrfGuard({ allowedHosts: [] }, { resolve: resolvesPrivate }), {
      timeoutMs: 1_000,
    });

    const result = await sut.send(webhook);

    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: /) });
  });
});
