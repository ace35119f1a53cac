/**
 * The naive baseline the generator must beat, scored in the same run: every
 * sentence of the text becomes one task labelled with the sentence itself, in
 * sequence; no gateways, no events, every task of one kind.
 */
export function naiveTaskLabels(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.replace(/[.!?]+$/, '').trim())
    .filter((s) => s.length > 0);
}
