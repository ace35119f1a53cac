import { z } from 'zod';
import { DeadLetterRecordSchema } from '../contracts/dead-letter.contract';
import { decodeEnvelope } from './envelope-codec';
import { buildDeadLetter, DeadLetter, DEFAULT_DEAD_LETTER_MAX_BYTES } from './dead-letter-record';

const source = {
  reason: 'value is not JSON: Unexpected token',
  sourceTopic: 'camunda.node.status.v1',
  partition: 2,
  consumerGroup: 'flowpilot.gateway',
  eventId: null,
  failedAt: new Date('2026-11-22T07:00:00.000Z'),
};

function message(value: Buffer | null) {
  return {
    key: Buffer.from('node-1'),
    value,
    offset: '41',
    headers: {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      other: Buffer.from('x'),
    },
  };
}

/** The value of the dead letter, checked against the contract (as a DLQ reader would). */
function encodeDeadLetterRecord(...args: Parameters<typeof buildDeadLetter>): string {
  return buildDeadLetter(...args).message.value;
}

/** What the broker counts against its size limit: key, header names and values, and value. */
function kafkaBytes({ message }: DeadLetter): number {
  const key = message.key === null ? 0 : Buffer.byteLength(message.key);
  const headers = Object.entries(message.headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );
  return key + headers + Buffer.byteLength(message.value);
}

/** A value near the broker's 1 MB limit made of what JSON escapes most: quotes, backslashes, control characters. */
function heavilyEscapingText(bytes: number): string {
  return '"\\\u0001\n\u001f'.repeat(Math.ceil(bytes / 5)).slice(0, bytes);
}

describe('encodeDeadLetterRecord', () => {
  it('embeds a small value whole and untruncated', () => {
    const record = DeadLetterRecordSchema.parse(
      JSON.parse(encodeDeadLetterRecord(source, message(Buffer.from('{"broken": "x"')))),
    );
    expect(record).toMatchObject({
      originalValue: '{"broken": "x"',
      originalValueBase64: null,
      originalTruncated: false,
      originalSizeBytes: 14,
      originalKey: 'node-1',
      offset: '41',
    });
  });

  it('keeps a heavily escaping value to a prefix so the record fits, losing nothing else', () => {
    const text = heavilyEscapingText(990_000);
    const deadLetter = buildDeadLetter(source, message(Buffer.from(text)), 100_000);
    const encoded = deadLetter.message.value;
    expect(kafkaBytes(deadLetter)).toBeLessThanOrEqual(100_000);
    // Escaping makes 990 kB of this text about 3 MB of JSON: far over the broker's limit whole.
    expect(Buffer.byteLength(JSON.stringify(text))).toBeGreaterThan(2_000_000);
    const record = DeadLetterRecordSchema.parse(JSON.parse(encoded));
    expect(record.originalTruncated).toBe(true);
    expect(record.originalSizeBytes).toBe(990_000);
    expect(text.startsWith(record.originalValue ?? 'missing')).toBe(true);
    // The budget is used, not thrown away: the prefix is within one escaped character of the limit.
    expect(kafkaBytes(deadLetter)).toBeGreaterThan(100_000 - 6);
    expect(record).toMatchObject({
      reason: source.reason,
      sourceTopic: source.sourceTopic,
      partition: 2,
      offset: '41',
      consumerGroup: 'flowpilot.gateway',
      originalKey: 'node-1',
      originalHeaders: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', other: 'x' },
    });
  });

  it('cuts bytes that are not UTF-8 as base64 of a byte prefix, within the default limit', () => {
    const bytes = Buffer.alloc(990_000, 0xff);
    const encoded = encodeDeadLetterRecord(source, message(bytes));
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(DEFAULT_DEAD_LETTER_MAX_BYTES);
    const record = DeadLetterRecordSchema.parse(JSON.parse(encoded));
    const kept = Buffer.from(record.originalValueBase64 ?? '', 'base64');
    expect(record.originalValue).toBeNull();
    expect(record.originalTruncated).toBe(true);
    expect(record.originalSizeBytes).toBe(990_000);
    expect(kept.length).toBeGreaterThan(DEFAULT_DEAD_LETTER_MAX_BYTES * 0.7);
    expect(kept.equals(bytes.subarray(0, kept.length))).toBe(true);
  });

  it('never splits a multi-byte character or surrogate pair', () => {
    const text = '😀é'.repeat(100_000);
    const encoded = encodeDeadLetterRecord(source, message(Buffer.from(text)), 50_000);
    const record = DeadLetterRecordSchema.parse(JSON.parse(encoded));
    const kept = record.originalValue ?? '';
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(50_000);
    expect(kept.length).toBeGreaterThan(0);
    expect(text.startsWith(kept)).toBe(true);
    expect(Buffer.from(kept, 'utf8').toString('utf8')).toBe(kept);
  });

  it('records a message without a value as such', () => {
    const record = DeadLetterRecordSchema.parse(JSON.parse(encodeDeadLetterRecord(source, message(null))));
    expect(record).toMatchObject({ originalValue: null, originalTruncated: false, originalSizeBytes: null });
  });
});

describe('buildDeadLetter with oversized fields the producer controls', () => {
  const limit = DEFAULT_DEAD_LETTER_MAX_BYTES;

  function parsed(deadLetter: DeadLetter) {
    expect(kafkaBytes(deadLetter)).toBeLessThanOrEqual(limit);
    return DeadLetterRecordSchema.parse(JSON.parse(deadLetter.message.value));
  }

  it('cuts a 600 KB key in the record and as the DLQ message key, and flags it', () => {
    const key = 'k'.repeat(600_000);
    const deadLetter = buildDeadLetter(source, { ...message(Buffer.from('{}')), key: Buffer.from(key) });

    const record = parsed(deadLetter);

    expect(record.originalKeyTruncated).toBe(true);
    expect(record.originalKeySizeBytes).toBe(600_000);
    expect(record.originalKey).toBe('k'.repeat(1_024));
    expect(deadLetter.message.key).toBe(record.originalKey);
    expect(record).toMatchObject({ originalValue: '{}', originalTruncated: false, detailsOmitted: false });
  });

  it('keeps a key within the cap as the original bytes, unflagged', () => {
    const deadLetter = buildDeadLetter(source, message(Buffer.from('{}')));

    expect(deadLetter.message.key).toEqual(Buffer.from('node-1'));
    expect(parsed(deadLetter)).toMatchObject({
      originalKeyTruncated: false,
      originalKeySizeBytes: 6,
      reasonTruncated: false,
      eventIdTruncated: false,
      originalHeadersTruncated: false,
    });
  });

  it('cuts a 900 KB event id taken from an invalid envelope, and flags it', () => {
    const value = Buffer.from(JSON.stringify({ eventId: 'e'.repeat(900_000) }));
    const decoded = decodeEnvelope('camunda.node.status.v1', { value });
    if (decoded.ok) throw new Error('the envelope should be invalid');

    const record = parsed(
      buildDeadLetter({ ...source, reason: decoded.reason, eventId: decoded.eventId }, message(value)),
    );

    expect(record.eventIdTruncated).toBe(true);
    expect(record.eventId).toBe('e'.repeat(200));
    expect(record.originalTruncated).toBe(true);
    expect(record.originalSizeBytes).toBe(value.length);
  });

  it('cuts a huge header value (and name) to whole characters, and flags it', () => {
    const huge = '💥'.repeat(300_000);
    const record = parsed(
      buildDeadLetter(source, {
        ...message(Buffer.from('{}')),
        headers: { big: huge, [huge]: 'x', small: 'y' },
      }),
    );

    expect(record.originalHeadersTruncated).toBe(true);
    expect(record.originalHeaders.big).toBe('💥'.repeat(512));
    expect(record.originalHeaders['💥'.repeat(128)]).toBe('x');
    expect(record.originalHeaders.small).toBe('y');
  });

  it('cuts the reason of a huge unrecognized key name, in the record and its header', () => {
    // zod names an unknown or invalid key in the issue (its path and message), however long the key.
    const hugeKey = 'x'.repeat(700_000);
    const issues = z.strictObject({}).safeParse({ [hugeKey]: 1 }).error?.issues ?? [];
    const decoded = {
      reason: `invalid payload: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      eventId: 'id-1',
    };
    expect(decoded.reason).toContain(hugeKey);
    const value = Buffer.from(JSON.stringify({ payload: { [hugeKey]: 1 } }));

    const deadLetter = buildDeadLetter(
      { ...source, reason: decoded.reason, eventId: decoded.eventId },
      message(value),
    );
    const record = parsed(deadLetter);

    expect(record.reasonTruncated).toBe(true);
    expect(record.reason).toBe(decoded.reason.slice(0, 1_000));
    expect(deadLetter.message.headers['flowpilot-dlq-reason']).toBe(record.reason);
    expect(record.eventId).toBe('id-1');
  });

  it('leaves the headers out when many capped headers still do not fit', () => {
    const headers = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`h${i}`, 'v'.repeat(1_024)]));
    const record = parsed(buildDeadLetter(source, { ...message(Buffer.from('{}')), headers }));

    expect(record).toMatchObject({
      originalHeaders: {},
      originalHeadersTruncated: true,
      originalKey: 'node-1',
      originalValue: '{}',
      detailsOmitted: false,
    });
  });

  it('sends only the reason, origin and sizes when not even the capped fields fit', () => {
    const heavy = '\u0001'.repeat(2_000);
    const deadLetter = buildDeadLetter(
      { ...source, reason: heavy, eventId: heavy },
      { ...message(Buffer.from('{}')), key: Buffer.from(heavy) },
      9_000,
    );

    expect(kafkaBytes(deadLetter)).toBeLessThanOrEqual(9_000);
    expect(deadLetter.message.key).toBeNull();
    expect(DeadLetterRecordSchema.parse(JSON.parse(deadLetter.message.value))).toMatchObject({
      detailsOmitted: true,
      reasonTruncated: true,
      sourceTopic: source.sourceTopic,
      partition: 2,
      offset: '41',
      eventId: null,
      eventIdTruncated: true,
      originalKey: null,
      originalKeyTruncated: true,
      originalKeySizeBytes: 2_000,
      originalValue: null,
      originalTruncated: true,
      originalSizeBytes: 2,
      originalHeaders: {},
    });
  });

  it('reads a record written before the caps existed, defaulting the new fields', () => {
    const old = JSON.parse(encodeDeadLetterRecord(source, message(Buffer.from('{}')))) as Record<
      string,
      unknown
    >;
    for (const field of [
      'reasonTruncated',
      'eventIdTruncated',
      'originalKeyTruncated',
      'originalKeySizeBytes',
      'originalHeadersTruncated',
      'detailsOmitted',
    ])
      delete old[field];

    expect(DeadLetterRecordSchema.parse(old)).toMatchObject({
      reasonTruncated: false,
      originalKeySizeBytes: null,
      detailsOmitted: false,
    });
  });
});
