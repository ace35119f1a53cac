/** UTC calendar day of an instant, as PostgreSQL `date` text: the bucket of day-level state. */
export function utcDay(instant: string | Date): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The first day of a look-back window of `days` days ending today (inclusive). */
export function windowStartDay(now: Date, days: number): string {
  return utcDay(new Date(now.getTime() - (days - 1) * 86_400_000));
}
