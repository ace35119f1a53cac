import { decodeEnvelope, encodeEnvelope } from './envelope-codec';
import { deriveEventId } from './event-id';
import { Envelope } from '../contracts/envelope';
import { PayloadOf } from '../contracts/topic-catalogue';

const TOPIC = 'camunda.node.status.v1';

function envelope(
  overrides: Partial<Envelope<PayloadOf<typeof TOPIC>>> = {},
): Envelope<PayloadOf<typeof TOPIC>> {
  return {
    eventId: deriveEventId('test', 'node'),
    type: 'camunda.node.status',
    version: 1,
    occurredAt: '2026-11-22T04:00:00.000Z',
    source: 'collector',
    nodeId: 'node1',
    trace: { correlationId: 'c-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    payload: {
      nodeName: 'node1',
      url: 'http://127.0.0.1:8080/engine-rest',
      status: 'down',
      previousStatus: 'up',
      restLatencyMs: null,
      reason: 'ECONNREFUSED',
      engineVersion: null,
    },
    ...overrides,
  };
}

describe('envelope codec', () => {
  it('round-trips an envelope with its catalogue key and trace headers', () => {
    const message = encodeEnvelope(TOPIC, envelope());

    const sut = decodeEnvelope(TOPIC, { value: Buffer.from(message.value as string) });

    expect(message.key).toBe('node1');
    expect(message.headers).toMatchObject({
      traceparent: expect.stringMatching(/^00-/),
      'flowpilot-event-id': expect.any(String),
    });
    expect(sut).toEqual({ ok: true, envelope: envelope() });
  });

  it('rejects a value that is not JSON, naming the cause', () => {
    const sut = decodeEnvelope(TOPIC, { value: Buffer.from('{not json') });

    expect(sut).toMatchObject({ ok: false, reason: expect.stringContaining('not JSON') });
  });

  it('rejects a payload that fails its schema and keeps the event id for the dead letter', () => {
    const bad = { ...envelope(), payload: { ...envelope().payload, status: 'sideways' } };

    const sut = decodeEnvelope(TOPIC, { value: Buffer.from(JSON.stringify(bad)) });

    expect(sut).toEqual({
      ok: false,
      reason: expect.stringContaining('invalid payload: status'),
      eventId: bad.eventId,
    });
  });

  it('rejects an envelope whose type does not match the topic', () => {
    const wrong = envelope({ type: 'camunda.incident.opened' });

    const sut = decodeEnvelope(TOPIC, { value: Buffer.from(JSON.stringify(wrong)) });

    expect(sut).toMatchObject({ ok: false, reason: expect.stringContaining('does not match topic') });
  });

  it('rejects an empty message', () => {
    expect(decodeEnvelope(TOPIC, { value: null })).toMatchObject({
      ok: false,
      reason: 'empty message value',
    });
  });
});

describe('deriveEventId', () => {
  it('is a stable UUID for the same parts and differs for different parts', () => {
    const sut = deriveEventId('node1', 'incident-opened', '42');

    expect(sut).toBe(deriveEventId('node1', 'incident-opened', '42'));
    expect(sut).not.toBe(deriveEventId('node1', 'incident-opened', '43'));
    expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
