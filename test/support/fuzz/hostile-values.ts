/**
 * Inputs that break naive code: odd Unicode, numeric edge cases, injection
 * strings and hostile shapes. A `RawJson` is spliced into a JSON body as
 * written (JSON.stringify cannot produce `1e309` or `-0`).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export type HostileValue = unknown;

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  'x'.repeat(5_000),
  '\uD800',
  '\uDFFFtrail',
  'abc\u202Eevil\u202C',
  'zero\u200Bwidth\u200D',
  'nul\u0000byte',
  '\u0000',
  '💥🔥👩‍👩‍👧‍👦',
  'مرحبا بالعالم',
  'e\u0301\u0301\u0301',
  '\uFEFFbom',
  '\uFFFF\uFFFE',
  "' OR '1'='1' --",
  '1; DROP TABLE api_keys; --',
  "'); SELECT pg_sleep(10); --",
  '{"$gt": ""}',
  '{"$where": "sleep(1000)"}',
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '..\\..\\windows\\win.ini',
  'a\r\nX-Injected: 1',
  '%0d%0aX-Injected:%201',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '__proto__',
  'constructor',
  'prototype',
  '<script>alert(1)</script>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '-1',
  '0',
  '99999999999999999999999999',
  '0x1F',
  '1_000',
  ' 42 ',
  'true',
  'null',
  'undefined',
  '2026-02-30T25:61:61Z',
  '0000-00-00T00:00:00Z',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]:22/',
  'gopher://127.0.0.1:6379/_INFO',
];

export const HOSTILE_NUMBERS: readonly HostileValue[] = [
  0,
  -1,
  1.5,
  -2_147_483_649,
  2 ** 31,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  5e-324,
  new RawJson('1e309'),
  new RawJson('-1e309'),
  new RawJson('-0'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1.0e-400'),
  new RawJson('0.1e1'),
];

function nested(depth: number, leaf: unknown): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

export const HOSTILE_SHAPES: readonly HostileValue[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  [[[[[]]]]],
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
  { toString: 'x', valueOf: 1, hasOwnProperty: null },
  nested(64, 'deep'),
  new RawJson(`${'['.repeat(3_000)}${']'.repeat(3_000)}`),
  new RawJson(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`),
  Array.from({ length: 2_000 }, (_, i) => i),
  Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])),
];

/** Every hostile value, for a field whose schema they all violate or stress. */
export const ALL_HOSTILE_VALUES: readonly HostileValue[] = [
  ...HOSTILE_STRINGS,
  ...HOSTILE_NUMBERS,
  ...HOSTILE_SHAPES,
];

/** Hostile query/path texts: the strings plus numeric edge cases as written in a URL. */
export const HOSTILE_PARAM_TEXTS: readonly string[] = [
  ...HOSTILE_STRINGS,
  '1e309',
  '-0',
  '1.5',
  '-2147483649',
  '9007199254740993',
  '[]',
  '{}',
];

/** Percent-encodings a URL parser may choke on; sent as written. */
export const RAW_URL_FRAGMENTS: readonly string[] = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AE%C0%AE%2F',
  '%00',
  '%2e%2e%2f%2e%2e%2f',
  '..%252f..%252f',
  '%0d%0aX-Injected:%201',
  '%FF%FE',
  '%F0%9F%92%A5',
];

/** Serialises a body that may hold RawJson values, splicing their text in place. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return 'null';
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}
