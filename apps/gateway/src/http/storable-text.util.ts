/** A UTF-16 surrogate without its partner: jsonb refuses it (and NUL is refused by every text column). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string): boolean => text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
const MAX_DEPTH = 64;

export interface TextIssue {
  path: string;
  message: string;
}

/**
 * Strings PostgreSQL cannot store (NUL in text, an unpaired surrogate in jsonb)
 * and input nested deeper than any schema of the API. Found before the schema
 * runs, so such input is the caller's 400 on every route instead of a database
 * error (500) after validation passed.
 */
export function unstorableTextIssues(value: unknown): TextIssue[] {
  const issues: TextIssue[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (issues.length >= 20) return;
    if (path.length > MAX_DEPTH) {
      issues.push({ path: path.join('.'), message: `nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (typeof node === 'string') {
      if (unstorable(node))
        issues.push({
          path: path.join('.'),
          message: 'must not contain NUL characters or unpaired surrogates',
        });
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (unstorable(key))
        issues.push({
          path: [...path, key].join('.'),
          message: 'field names must not contain NUL characters or unpaired surrogates',
        });
      visit(child, [...path, key]);
    }
  };
  visit(value, []);
  return issues;
}
