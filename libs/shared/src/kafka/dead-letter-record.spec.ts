import { DeadLetterRecordSchema } from '../contracts/dead-letter.contract';
import { DEFAULT_DEAD_LETTER_MAX_BYTES, encodeDeadLetterRecord } from './dead-letter-record';

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
    const encoded = encodeDeadLetterRecord(source, message(Buffer.from(text)), 100_000);
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(100_000);
    // Escaping makes 990 kB of this text about 3 MB of JSON: far over the broker's limit whole.
    expect(Buffer.byteLength(JSON.stringify(text))).toBeGreaterThan(2_000_000);
    const record = DeadLetterRecordSchema.parse(JSON.parse(encoded));
    expect(record.originalTruncated).toBe(true);
    expect(record.originalSizeBytes).toBe(990_000);
    expect(text.startsWith(record.originalValue ?? 'missing')).toBe(true);
    // The budget is used, not thrown away: the prefix is within one escaped character of the limit.
    expect(Buffer.byteLength(encoded)).toBeGreaterThan(100_000 - 6);
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
