import { randomBytes, randomUUID } from 'node:crypto';
import { ValidMessage } from './valid-events';

/** One bad message and the words its dead-letter reason must contain. */
export interface GarbageMessage {
  kind: string;
  key: string;
  value: Buffer | null;
  reason: RegExp;
}

/** ~700 KB: under the broker's default 1 MB message limit, yet too big for a dead letter to embed whole. */
const HUGE_BYTES = 700_000;

/** The bad messages sent to each consumed topic, each with a key naming the run, the topic and the kind. */
export function garbageFor(topic: string, valid: ValidMessage, run: string): GarbageMessage[] {
  const key = (kind: string) => `malformed-${run}-${topic}-${kind}`;
  const envelope = { ...valid.envelope, eventId: randomUUID() };
  const binary = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]), randomBytes(256)]);
  return [
    {
      kind: 'not-json',
      key: key('not-json'),
      value: Buffer.from(`{"eventId": "${run}", "type": `),
      reason: /not JSON/,
    },
    {
      kind: 'not-an-envelope',
      key: key('not-an-envelope'),
      value: Buffer.from(JSON.stringify({ hello: 'world', run })),
      reason: /invalid envelope/,
    },
    {
      kind: 'payload-fails-schema',
      key: key('payload-fails-schema'),
      value: Buffer.from(JSON.stringify({ ...envelope, payload: { unexpected: run } })),
      reason: /invalid payload/,
    },
    {
      kind: 'wrong-version',
      key: key('wrong-version'),
      value: Buffer.from(
        JSON.stringify({ ...envelope, eventId: randomUUID(), version: envelope.version + 98 }),
      ),
      reason: /does not match topic/,
    },
    {
      kind: 'huge',
      key: key('huge'),
      value: Buffer.from(JSON.stringify({ run, padding: 'x'.repeat(HUGE_BYTES) })),
      reason: /invalid envelope/,
    },
    { kind: 'binary', key: key('binary'), value: binary, reason: /not JSON/ },
    { kind: 'empty', key: key('empty'), value: null, reason: /empty message value/ },
  ];
}
