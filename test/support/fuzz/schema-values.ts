import { SeededRandom } from './seeded-random';

/** The part of OpenAPI 3.0 / JSON Schema the gateway's document uses. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  example?: unknown;
}

/** Values the gateway's formats and patterns accept, when the schema gives no example. */
const FORMAT_VALUES: Record<string, (random: SeededRandom) => string> = {
  uuid: (random) => random.uuid(),
  uri: () => 'https://hooks.example.com/flowpilot',
  url: () => 'https://hooks.example.com/flowpilot',
  'date-time': () => new Date(Date.UTC(2026, 0, 1, 12)).toISOString(),
  date: () => '2026-01-01',
  email: () => 'ops@example.com',
};

/**
 * A value shaped like `schema` (the example when there is one, often): the
 * start for mutations and the "happens to be valid" cases. Patterns are not
 * inverted; a value that misses one simply becomes a 400 case.
 */
export function sampleValue(schema: JsonSchema, random: SeededRandom, depth = 0): unknown {
  if (schema.example !== undefined && random.chance(0.5)) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return random.pick(schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0) return sampleValue(random.pick(variants), random, depth);
  if (schema.allOf) return sampleValue(Object.assign({}, ...schema.allOf) as JsonSchema, random, depth);
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case 'string':
      return sampleString(schema, random);
    case 'integer':
      return Math.round(sampleNumber(schema, random, true));
    case 'number':
      return sampleNumber(schema, random, false);
    case 'boolean':
      return random.chance(0.5);
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 3, min + 3);
      const length = depth > 4 ? min : random.int(min, max);
      return Array.from({ length }, () => sampleValue(schema.items ?? {}, random, depth + 1));
    }
    case 'object':
      return sampleObject(schema, random, depth);
    case 'null':
      return null;
    default:
      return schema.properties ? sampleObject(schema, random, depth) : 'value';
  }
}

function sampleString(schema: JsonSchema, random: SeededRandom): string {
  const byFormat = schema.format ? FORMAT_VALUES[schema.format] : undefined;
  if (byFormat) return byFormat(random);
  const min = schema.minLength ?? 1;
  const max = Math.max(min, Math.min(schema.maxLength ?? 24, min + 24));
  const length = random.int(min, max);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let text = random.pick(['a', 'b', 'n', 'x']);
  while (text.length < length) text += alphabet[random.int(0, alphabet.length - 1)];
  return text.slice(0, Math.max(length, 1));
}

function sampleNumber(schema: JsonSchema, random: SeededRandom, integer: boolean): number {
  const low = schema.minimum ?? 0;
  const high = schema.maximum ?? low + 100;
  const step = integer ? 1 : 0.25;
  const exclusiveLow = schema.exclusiveMinimum === true ? step : 0;
  const exclusiveHigh = schema.exclusiveMaximum === true ? step : 0;
  const from = low + exclusiveLow;
  const to = Math.max(from, Math.min(high - exclusiveHigh, from + 1_000));
  const value = from + random.next() * (to - from);
  return integer ? Math.ceil(value) : Math.round(value / step) * step || from;
}

function sampleObject(schema: JsonSchema, random: SeededRandom, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const required = schema.required?.includes(name) ?? false;
    if (required || (depth < 4 && random.chance(0.6)))
      result[name] = sampleValue(property, random, depth + 1);
  }
  return result;
}

/** Dotted paths of every property the schema names (a, a.b, …), to mutate one field at a time. */
export function propertyPaths(schema: JsonSchema, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 4) return [];
  const paths: string[][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    paths.push(path);
    const inner = property.anyOf ?? property.oneOf ?? [property];
    for (const variant of inner) paths.push(...propertyPaths(variant, path, depth + 1));
  }
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = p.join('.');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A copy of `value` with the field at `path` replaced (`remove` deletes it); missing parents are created. */
export function withField(value: unknown, path: string[], replacement: unknown, remove = false): unknown {
  const root: Record<string, unknown> =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (structuredClone(value) as Record<string, unknown>)
      : {};
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else
    Object.defineProperty(node, last, {
      value: replacement,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return root;
}
