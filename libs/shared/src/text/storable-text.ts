/**
 * PostgreSQL `text` cannot hold U+0000 and `jsonb` cannot hold a UTF-16
 * surrogate without its partner (half an emoji, from a cut or a crafted
 * `\ud83d` escape): a string carrying one fails every write. These helpers
 * find or repair such text; each service decides what finding one means
 * (the gateway answers 400, the bpmn-generator `invalid-request`, incident-ai
 * repairs the incident so it is still analysed).
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNPAIRED_SURROGATES = new RegExp(UNPAIRED_SURROGATE.source, 'g');
const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_ISSUES = 20;

export interface StorableTextIssue {
  /** Dotted path to the value or field name (array indexes as numbers), empty for the root. */
  path: string;
  message: string;
}

export interface StorableTextOptions {
  /** Deeper input is an issue of its own: nothing legitimate nests that far, and walking it costs. */
  maxDepth?: number;
  /** Stop after this many issues: enough to name the problem without echoing a hostile input back. */
  maxIssues?: number;
}

/** True when PostgreSQL can store the string as `text` and inside `jsonb`. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/** Every string value and field name that cannot be stored, and input nested deeper than `maxDepth`. */
export function unstorableTextIssues(value: unknown, options: StorableTextOptions = {}): StorableTextIssue[] {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const issues: StorableTextIssue[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (issues.length >= maxIssues) return;
    if (path.length > maxDepth) {
      issues.push({ path: path.join('.'), message: `nested deeper than ${maxDepth} levels` });
      return;
    }
    if (typeof node === 'string') {
      if (!isStorableText(node))
        issues.push({
          path: path.join('.'),
          message: 'must not contain NUL characters or unpaired surrogates',
        });
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (issues.length >= maxIssues) return;
      if (!isStorableText(key))
        issues.push({
          path: [...path, key].join('.'),
          message: 'field names must not contain NUL characters or unpaired surrogates',
        });
      visit(child, [...path, key]);
    }
  };
  visit(value, []);
  return issues.slice(0, maxIssues);
}

/** The value with NUL dropped and each unpaired surrogate replaced by U+FFFD, in every string, key and nested value. */
export function toStorableText<T>(value: T): T {
  if (typeof value === 'string')
    return value.replaceAll('\u0000', '').replace(UNPAIRED_SURROGATES, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => toStorableText(item)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [toStorableText(key), toStorableText(child)]),
    ) as T;
  return value;
}
