import {
  HOSTILE_NUMBERS,
  HOSTILE_PARAM_TEXTS,
  HOSTILE_SHAPES,
  HOSTILE_STRINGS,
  HostileValue,
  RAW_URL_FRAGMENTS,
  RawJson,
  toJsonText,
} from './hostile-values';
import { HttpMethod, Operation, ParameterSpec } from './openapi-operations';
import { JsonSchema, propertyPaths, sampleValue, withField } from './schema-values';
import { SeededRandom } from './seeded-random';

export type Credential = 'admin' | 'read' | 'none' | 'bogus';

/** One request of the fuzz run and what it must (at least) be answered with. */
export interface FuzzCase {
  operation: string;
  kind: string;
  method: HttpMethod;
  /** Path and query exactly as sent (already percent-encoded). */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  credential: Credential;
  /** The exact status required (auth checks); otherwise any non-5xx with the documented error body. */
  expectStatus?: number;
}

/**
 * `full`: valid-shaped values and every mutation. `invalid-only`: only inputs
 * the schema must refuse, for operations whose success would reach other
 * systems (PUT /thresholds publishes to every analyzer on the shared broker).
 * `bounded`: like `invalid-only` plus two valid-shaped requests, for
 * operations whose success costs real work elsewhere (BPMN generation).
 */
export type CasePolicy = 'full' | 'bounded' | 'invalid-only';

export interface CaseBuilderOptions {
  random: SeededRandom;
  bodyLimitBytes: number;
  policy: (operation: Operation) => CasePolicy;
  /** Values that make a path parameter valid-shaped (a configured node name, …). */
  knownPathValues: Record<string, string>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

const MALFORMED_JSON: readonly string[] = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{a:1}',
  'nul',
  '\u0000',
  '{"a":1}{"b":2}',
  '[1,2',
  '"unterminated',
  '{"a":"\\x41"}',
  '{"a":"\\uD800"}',
  '\uFEFF{}',
  '/* comment */ {}',
  'NaN',
  '{"a":01}',
];

/** Content types the JSON API does not speak, each with a body in that type. */
const FOREIGN_BODIES: readonly { type: string | null; body: string | Buffer }[] = [
  { type: 'text/plain', body: '{"url":"x"}' },
  { type: 'application/xml', body: '<a><b>1</b></a>' },
  { type: 'application/x-www-form-urlencoded', body: 'url=x&events[]=incident.opened&__proto__[x]=1' },
  {
    type: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n',
  },
  { type: 'multipart/form-data', body: 'no boundary at all' },
  { type: 'application/octet-stream', body: Buffer.from([0, 255, 1, 254, 0x7b]) },
  { type: 'application/json; charset=utf-16', body: Buffer.from('{"a":1}', 'utf16le') },
  { type: 'application/json; charset=klingon', body: '{"a":1}' },
  { type: 'application/json', body: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]) },
  { type: 'application/vnd.api+json', body: '{"a":1}' },
  { type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: null, body: '{"a":1}' },
  { type: 'application/json;;;', body: '{}' },
];

function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // Lone surrogates cannot be encoded as UTF-8: send the invalid bytes a client could send.
    return '%ED%A0%80';
  }
}

export class FuzzCaseBuilder {
  private readonly random: SeededRandom;

  constructor(private readonly options: CaseBuilderOptions) {
    this.random = options.random;
  }

  casesFor(operation: Operation): FuzzCase[] {
    const policy = this.options.policy(operation);
    const invalidOnly = policy !== 'full';
    const cases: FuzzCase[] = [];
    if (policy === 'bounded')
      cases.push(this.request(operation, 'valid-shaped', {}), this.request(operation, 'valid-shaped', {}));
    if (!invalidOnly) {
      for (let i = 0; i < 10; i++) cases.push(this.request(operation, 'valid-shaped', {}));
      cases.push(...this.pathCases(operation), ...this.queryCases(operation));
      if (operation.method === 'GET' || operation.method === 'DELETE')
        cases.push(
          this.request(operation, 'unexpected-body', { body: Buffer.from('{"a":1}'), headers: JSON_TYPE }),
        );
    }
    if (operation.body) cases.push(...this.bodyCases(operation, operation.body, invalidOnly));
    if (operation.secured) cases.push(...this.authCases(operation, invalidOnly));
    return cases;
  }

  private pathValues(operation: Operation): Record<string, string> {
    return Object.fromEntries(operation.pathParams.map((p) => [p.name, this.validParam(p)]));
  }

  private validParam(parameter: ParameterSpec): string {
    const known = this.options.knownPathValues[parameter.name];
    if (known && this.random.chance(0.7)) return known;
    if (parameter.example !== undefined && this.random.chance(0.5)) return String(parameter.example);
    if (
      parameter.in === 'path' &&
      /id$/i.test(parameter.name) &&
      parameter.schema.type === 'string' &&
      !parameter.schema.format
    )
      return this.random.uuid();
    const value = sampleValue(parameter.schema, this.random);
    return Array.isArray(value) ? value.join(',') : String(value);
  }

  private request(
    operation: Operation,
    kind: string,
    overrides: {
      path?: Record<string, string>;
      query?: string;
      body?: Buffer;
      headers?: Record<string, string>;
      credential?: Credential;
      expectStatus?: number;
    },
  ): FuzzCase {
    const pathValues = { ...this.pathValues(operation) };
    const encoded: Record<string, string> = Object.fromEntries(
      Object.entries(pathValues).map(([k, v]) => [k, encodeSegment(v)]),
    );
    Object.assign(encoded, overrides.path ?? {});
    const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encoded[name]);
    const query = overrides.query ?? this.validQuery(operation);
    let body = overrides.body;
    let headers = overrides.headers ?? {};
    if (body === undefined && operation.body && operation.method !== 'GET') {
      body = Buffer.from(toJsonText(sampleValue(operation.body, this.random)));
      headers = { ...JSON_TYPE, ...headers };
    }
    return {
      operation: operation.label,
      kind,
      method: operation.method,
      target: query ? `${path}?${query}` : path,
      headers,
      body,
      credential: overrides.credential ?? 'admin',
      expectStatus: overrides.expectStatus,
    };
  }

  private validQuery(operation: Operation): string {
    return operation.queryParams
      .filter((p) => p.required || this.random.chance(0.5))
      .map((p) => `${encodeURIComponent(p.name)}=${encodeSegment(this.validParam(p))}`)
      .join('&');
  }

  private pathCases(operation: Operation): FuzzCase[] {
    return operation.pathParams.flatMap((parameter) => [
      ...this.random.sample(HOSTILE_PARAM_TEXTS, 24).map((text) =>
        this.request(operation, `path:${parameter.name}=hostile`, {
          path: { [parameter.name]: encodeSegment(text) },
        }),
      ),
      ...this.random
        .sample(RAW_URL_FRAGMENTS, 6)
        .map((raw) =>
          this.request(operation, `path:${parameter.name}=raw-encoding`, { path: { [parameter.name]: raw } }),
        ),
      this.request(operation, `path:${parameter.name}=long`, {
        path: { [parameter.name]: 'a'.repeat(4_000) },
      }),
    ]);
  }

  private queryCases(operation: Operation): FuzzCase[] {
    const cases = operation.queryParams.flatMap((parameter) => {
      const name = encodeURIComponent(parameter.name);
      const base = this.validQueryWithout(operation, parameter.name);
      const join = (part: string) => (base ? `${base}&${part}` : part);
      return [
        ...this.random.sample(HOSTILE_PARAM_TEXTS, 12).map((text) =>
          this.request(operation, `query:${parameter.name}=hostile`, {
            query: join(`${name}=${encodeSegment(text)}`),
          }),
        ),
        this.request(operation, `query:${parameter.name}=repeated`, { query: join(`${name}=1&${name}=2`) }),
        this.request(operation, `query:${parameter.name}=bracket`, {
          query: join(`${name}[]=1&${name}[x]=2`),
        }),
        this.request(operation, `query:${parameter.name}=raw-encoding`, {
          query: join(`${name}=${this.random.pick(RAW_URL_FRAGMENTS)}`),
        }),
        this.request(operation, `query:${parameter.name}=empty`, { query: join(`${name}=`) }),
      ];
    });
    cases.push(
      this.request(operation, 'query:unknown', {
        query: '__proto__[polluted]=1&constructor[prototype][x]=1',
      }),
      this.request(operation, 'query:long', { query: `q=${'a'.repeat(6_000)}` }),
      this.request(operation, 'query:many', {
        query: Array.from({ length: 300 }, (_, i) => `p${i}=${i}`).join('&'),
      }),
    );
    return cases;
  }

  private validQueryWithout(operation: Operation, skipped: string): string {
    return this.validQuery({
      ...operation,
      queryParams: operation.queryParams.filter((p) => p.name !== skipped),
    });
  }

  private bodyCases(operation: Operation, schema: JsonSchema, invalidOnly: boolean): FuzzCase[] {
    const cases: FuzzCase[] = [];
    const json = (kind: string, value: unknown) =>
      this.request(operation, kind, { body: Buffer.from(toJsonText(value)), headers: JSON_TYPE });
    const valid = () => sampleValue(schema, this.random);
    for (const path of propertyPaths(schema)) {
      const field = path.join('.');
      const fieldSchema = schemaAt(schema, path);
      const values = invalidOnly ? wrongTypeValues(fieldSchema) : this.random.sample(ALL_FIELD_VALUES, 10);
      for (const value of invalidOnly ? this.random.sample(values, 8) : values)
        cases.push(json(`body:${field}=${describeValue(value)}`, withField(valid(), path, value)));
      if (!invalidOnly) cases.push(json(`body:${field}=missing`, withField(valid(), path, undefined, true)));
    }
    const shapes = invalidOnly
      ? [true, 1, 'text', [], [valid()], new RawJson('"str"')]
      : [...HOSTILE_SHAPES, 'text', 42, [valid()]];
    for (const shape of shapes) cases.push(json(`body=${describeValue(shape)}`, shape));
    if (!invalidOnly) {
      for (const extra of ['__proto__', 'constructor', 'unexpectedField', '$where'])
        cases.push(json(`body:+${extra}`, withField(valid(), [extra], { polluted: true })));
      cases.push(
        this.request(operation, 'body:duplicate-keys', {
          body: Buffer.from(toJsonText(valid()).replace(/^\{/, '{"__proto__":{"polluted":true},')),
          headers: JSON_TYPE,
        }),
      );
      for (const foreign of FOREIGN_BODIES)
        cases.push(
          this.request(operation, `content-type:${foreign.type ?? 'none'}`, {
            body: Buffer.from(foreign.body),
            headers: foreign.type ? { 'content-type': foreign.type } : {},
          }),
        );
      cases.push(
        this.request(operation, 'content-encoding:gzip-lie', {
          body: Buffer.from(toJsonText(valid())),
          headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
        }),
        this.request(operation, 'content-encoding:unknown', {
          body: Buffer.from(toJsonText(valid())),
          headers: { ...JSON_TYPE, 'content-encoding': 'x-compress-9000' },
        }),
      );
    }
    for (const text of this.random.sample(MALFORMED_JSON, invalidOnly ? 6 : 10))
      cases.push(
        this.request(operation, `malformed-json:${JSON.stringify(text).slice(0, 20)}`, {
          body: Buffer.from(text),
          headers: JSON_TYPE,
        }),
      );
    const oversize = toJsonText({ padding: 'x'.repeat(this.options.bodyLimitBytes + 1_024) });
    cases.push(
      this.request(operation, 'body:over-limit', { body: Buffer.from(oversize), headers: JSON_TYPE }),
    );
    if (!invalidOnly) {
      const longField = propertyPaths(schema).find((p) => schemaAt(schema, p).type === 'string');
      if (longField)
        cases.push(
          json(
            `body:${longField.join('.')}=near-limit`,
            withField(valid(), longField, 'y'.repeat(this.options.bodyLimitBytes - 2_048)),
          ),
        );
    }
    return cases;
  }

  /** Auth comes before validation: no key, a bogus key or a read key on a write route are answered first. */
  private authCases(operation: Operation, invalidOnly: boolean): FuzzCase[] {
    // Well-formed JSON only: a body that cannot be parsed is refused before any route (and its guard) runs.
    const body = operation.body
      ? Buffer.from(
          toJsonText(
            invalidOnly ? { anomalyZScore: 'not a number' } : sampleValue(operation.body, this.random),
          ),
        )
      : undefined;
    const headers = body ? JSON_TYPE : {};
    const cases = [
      this.request(operation, 'auth:no-key', { body, headers, credential: 'none', expectStatus: 401 }),
      this.request(operation, 'auth:bogus-key', { body, headers, credential: 'bogus', expectStatus: 401 }),
      this.request(operation, 'auth:empty-key', {
        body,
        headers: { ...headers, 'x-api-key': '' },
        credential: 'none',
        expectStatus: 401,
      }),
      this.request(operation, 'auth:malformed-bearer', {
        body,
        headers: {
          ...headers,
          authorization: this.random.pick([
            'Bearer',
            'Bearer  ',
            'Basic Zm9vOmJhcg==',
            'Bearer ' + 'k'.repeat(4_000),
            'Bearer \u00ff\u00fe',
          ]),
        },
        credential: 'none',
        expectStatus: 401,
      }),
    ];
    if (operation.method !== 'GET')
      cases.push(
        this.request(operation, 'auth:read-key-on-write', {
          body,
          headers,
          credential: 'read',
          expectStatus: 403,
        }),
      );
    return cases;
  }
}

const ALL_FIELD_VALUES: readonly HostileValue[] = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...HOSTILE_SHAPES];

/** Values a field of this schema must refuse whatever its bounds (another JSON type). */
function wrongTypeValues(schema: JsonSchema): HostileValue[] {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'number' || type === 'integer') return [...HOSTILE_STRINGS.slice(0, 20), true, [], {}, [1]];
  if (type === 'string') return [...HOSTILE_NUMBERS.filter((v) => !(v instanceof RawJson)), true, [], {}];
  if (type === 'boolean') return ['true', 1, 0, [], {}];
  return ['text', 42, true, [1], new RawJson('"x"')];
}

function schemaAt(schema: JsonSchema, path: string[]): JsonSchema {
  let node: JsonSchema = schema;
  for (const key of path) {
    const variants = node.anyOf ?? node.oneOf ?? [node];
    node = variants.map((v) => v.properties?.[key]).find((p) => p !== undefined) ?? {};
  }
  return node;
}

function describeValue(value: unknown): string {
  if (value instanceof RawJson) return `raw(${value.text.slice(0, 16)})`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
