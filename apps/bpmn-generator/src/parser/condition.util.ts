/**
 * Plain-English conditions → `${...}` expressions on named process variables.
 * The output only ever contains identifiers built from [A-Za-z0-9], numbers
 * and quoted [a-z0-9 -] words, so no description text reaches JUEL as code.
 */

export interface ParsedCondition {
  expression: string;
  /** Label for the sequence flow. */
  label: string;
  /** The variable the condition reads (pronouns in later branches refer to it). */
  variable: string;
}

const ARTICLES = /\b(the|a|an|its|their|our|this|that|his|her)\b/g;
const CATEGORICAL =
  /(type|status|category|level|tier|country|region|priority|channel|kind|method|plan|segment|result|outcome|decision|size|grade|rating|class|mode|source)$/i;
const COMPARISONS: [RegExp, string][] = [
  [/\b(?:is |are )?(?:greater than or equal to|at least|no less than|not less than|>=)\s*/, '>='],
  [/\b(?:is |are )?(?:less than or equal to|at most|no more than|not more than|up to|<=)\s*/, '<='],
  [
    /\b(?:is |are )?(?:over|more than|greater than|above|exceeds?|higher than|larger than|bigger than|>)\s*/,
    '>',
  ],
  [/\b(?:is |are )?(?:under|less than|below|lower than|smaller than|<)\s*/, '<'],
  [/\b(?:is |are )?(?:equal to|equals|exactly|==)\s*/, '=='],
];
const APPROVED = /\b(approve[sd]?|accept(s|ed)?|signs? off|signed off|green-?lit)\b/;
const REJECTED = /\b(reject(s|ed)?|decline[sd]?|den(y|ies|ied)|refuse[sd]?|turn(s|ed)? down)\b/;
const NEGATION =
  /\b(is not|isn't|are not|aren't|was not|wasn't|does not|doesn't|did not|didn't|not|no|fails? to|cannot|can't)\b/;

/** `order total` → `orderTotal`; at most four words, letters and digits only. */
export function camelCase(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 4);
  const joined = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  if (joined.length === 0) return 'condition';
  return /^[0-9]/.test(joined) ? `v${joined}` : joined;
}

function parseNumber(text: string): number | null {
  const match = /^[$€£]?\s*(\d[\d,]*(?:\.\d+)?)\s*(k|m|thousand|million|%|percent)?\b/i.exec(text.trim());
  if (!match) return null;
  let value = Number(match[1].replace(/,/g, ''));
  const suffix = (match[2] ?? '').toLowerCase();
  if (suffix === 'k' || suffix === 'thousand') value *= 1_000;
  if (suffix === 'm' || suffix === 'million') value *= 1_000_000;
  return Number.isFinite(value) ? value : null;
}

function subjectOf(text: string, previous: string | null): string | null {
  const cleaned = text.replace(ARTICLES, ' ').replace(/\s+/g, ' ').trim();
  if (/^(it|they|that|this|so|yes|true)$/.test(cleaned) || cleaned === '') return previous;
  return camelCase(cleaned);
}

/**
 * Reads one condition (`the amount is over 1000`, `the customer is a VIP`,
 * `priority is high`, `it is rejected`); `previous` is the variable a pronoun refers to.
 */
export function parseCondition(raw: string, previous: string | null = null): ParsedCondition {
  const text = raw
    .toLowerCase()
    .replace(/[.;:!?]+$/g, '')
    .replace(/^(if|when|whether|in case|unless|where)\s+/, '')
    .trim();
  const label =
    raw
      .replace(/^(if|when|whether|in case)\s+/i, '')
      .replace(/[.;:!?]+$/, '')
      .trim()
      .slice(0, 120) || 'yes';

  for (const [pattern, operator] of COMPARISONS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const value = parseNumber(text.slice(match.index + match[0].length));
    if (value === null) continue;
    const variable =
      subjectOf(text.slice(0, match.index).replace(/\b(is|are|was|the total of)\s*$/, ''), previous) ??
      'amount';
    return { expression: `\${${variable} ${operator} ${value}}`, label, variable };
  }

  const negated = NEGATION.test(text);
  // Approval outcomes read the `approved` field of the approval form (see task-naming).
  if (APPROVED.test(text) || REJECTED.test(text)) {
    const yes =
      APPROVED.test(text) !== negated && !REJECTED.test(text) ? true : REJECTED.test(text) && negated;
    return { expression: yes ? '${approved}' : '${!approved}', label, variable: 'approved' };
  }
  const positive = text
    .replace(/\b(is|are|was|were|does|do|did|has|have)(?: not|n't)\b/g, '$1')
    .replace(NEGATION, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const copula = /^(.*?)\b(?:is|are|was|were|has been|gets|got|becomes)\s+(.+)$/.exec(positive);
  if (copula) {
    const subjectText = copula[1].trim();
    const predicate = copula[2].replace(ARTICLES, ' ').replace(/\s+/g, ' ').trim();
    const subject = subjectOf(subjectText, previous);
    if (subject && CATEGORICAL.test(subject) && /^[a-z0-9 -]{1,40}$/.test(predicate)) {
      return {
        expression: `\${${subject} ${negated ? '!=' : '=='} '${predicate}'}`,
        label,
        variable: subject,
      };
    }
    const pronoun = /^(?:it|they|this|that|he|she|these|those)?$/i.test(
      subjectText.replace(ARTICLES, '').trim(),
    );
    const variable = camelCase(pronoun ? predicate : `${subjectText.replace(ARTICLES, ' ')} ${predicate}`);
    return { expression: negated ? `\${!${variable}}` : `\${${variable}}`, label, variable };
  }
  const words = positive.replace(ARTICLES, ' ').replace(/\s+/g, ' ').trim();
  const variable =
    words === '' || /^(it|they|so|yes)$/.test(words) ? (previous ?? 'approved') : camelCase(words);
  return { expression: negated ? `\${!${variable}}` : `\${${variable}}`, label, variable };
}
