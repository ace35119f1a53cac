/**
 * The benchmark's label matching, documented in bench/bpmn-fidelity/README.md:
 *
 * 1. A label becomes a set of content-word stems: lower case, words of letters
 *    only, stop words (articles, pronouns, auxiliaries, prepositions) dropped,
 *    each word cut to a crude stem (plural, -ed, -ing, -ion, -ment endings;
 *    a final double s is not a plural).
 * 2. A label longer than LABEL_WORDS content words keeps its first LABEL_WORDS:
 *    a task name is a short phrase, and a whole sentence must not match
 *    everything it happens to mention.
 * 3. Similarity of two labels is the Dice coefficient of their stem sets.
 * 4. One-to-one matching: every pair scoring ≥ THRESHOLD, taken greedily from
 *    the highest score down (ties by order of appearance); a label is matched
 *    at most once on each side.
 */
export const THRESHOLD = 0.5;
export const LABEL_WORDS = 8;

const STOP = new Set(
  (
    'a an the this that these those it its they them their he she his her him we our you your i ' +
    'is are was were be been being am do does did has have had will would shall should can could may might must ' +
    'to of in on at by for with from into onto about as and or but if then than so not no all any each every ' +
    'up out off over under again further there here when where which who whom what how also already some such ' +
    'new own same other via per'
  ).split(' '),
);

export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  for (const [suffix, keep] of [
    ['ies', 'y'],
    ['ied', 'y'],
    ['ing', ''],
    ['ations', ''],
    ['ation', ''],
    ['ions', ''],
    ['ion', ''],
    ['ments', ''],
    ['ment', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
    ['e', ''],
  ] as const) {
    // "process", "address": a double s is the word's own, not a plural (else "process" ≠ "processes").
    if (suffix === 's' && w.endsWith('ss')) break;
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + keep;
      break;
    }
  }
  // Doubled final consonant of "shipped", "planning": ship, plan.
  return w.replace(/([bdfgklmnprt])\1$/, '$1');
}

export function stems(label: string): string[] {
  const words = label
    .toLowerCase()
    .replace(/[-_/]/g, ' ')
    .split(/[^a-z']+/)
    .map((w) => w.replace(/'s?$/, ''))
    .filter((w) => w.length > 1 && !STOP.has(w));
  return [...new Set(words.map(stem))].slice(0, LABEL_WORDS);
}

export function similarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setB = new Set(b);
  const shared = a.filter((w) => setB.has(w)).length;
  return (2 * shared) / (a.length + b.length);
}

export interface LabelMatch {
  generated: number;
  reference: number;
  score: number;
}

/** One-to-one matching of generated against reference labels (indices into each list). */
export function matchLabels(generated: string[], reference: string[]): LabelMatch[] {
  const g = generated.map(stems);
  const r = reference.map(stems);
  const pairs: LabelMatch[] = [];
  g.forEach((gs, i) =>
    r.forEach((rs, j) => {
      const score = similarity(gs, rs);
      if (score >= THRESHOLD) pairs.push({ generated: i, reference: j, score });
    }),
  );
  pairs.sort((x, y) => y.score - x.score || x.reference - y.reference || x.generated - y.generated);
  const usedG = new Set<number>();
  const usedR = new Set<number>();
  const matches: LabelMatch[] = [];
  for (const p of pairs) {
    if (usedG.has(p.generated) || usedR.has(p.reference)) continue;
    usedG.add(p.generated);
    usedR.add(p.reference);
    matches.push(p);
  }
  return matches;
}

export function prf(matched: number, generated: number, reference: number) {
  const precision = generated === 0 ? 0 : matched / generated;
  const recall = reference === 0 ? 0 : matched / reference;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
