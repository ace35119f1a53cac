/** A UTF-16 surrogate without its partner (half an emoji, from a cut or a crafted `\ud83d` escape). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * PostgreSQL `text` cannot hold U+0000 and `jsonb` cannot hold a lone
 * surrogate: a fact or an LLM answer carrying one would fail every write and
 * be dead-lettered with no analysis. Incident text and answers lose NUL and
 * get U+FFFD for a lone surrogate before anything is stored.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\ufffd') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [storable(key), storable(v)])) as T;
  return value;
}
