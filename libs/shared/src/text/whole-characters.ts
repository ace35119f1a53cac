/**
 * `text.slice(0, max)` that never cuts a character in half: a lone UTF-16
 * surrogate (half an emoji) is invalid in PostgreSQL's jsonb and in XML, so a
 * name, note or reason cut through one would fail the store.
 */
export function sliceWhole(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
