import { Queryable } from '@flowpilot/shared';

export { Queryable, returnedRows } from '@flowpilot/shared';

/** UTC calendar day of an instant, as PostgreSQL `date` text: the bucket of day-level state. */
export function utcDay(instant: string | Date): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The first day of a look-back window of `days` days ending today (inclusive). */
export function windowStartDay(now: Date, days: number): string {
  return utcDay(new Date(now.getTime() - (days - 1) * 86_400_000));
}

/** What a service needs of the data source to run work in one transaction; a `DataSource` is one. */
export interface TransactionRunner {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}
