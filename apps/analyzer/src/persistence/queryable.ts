/** A data source or a transaction's entity manager: repositories run inside whichever they are given. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** UTC calendar day of an instant, as PostgreSQL `date` text: the bucket of day-level state. */
export function utcDay(instant: string | Date): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The first day of a look-back window of `days` days ending today (inclusive). */
export function windowStartDay(now: Date, days: number): string {
  return utcDay(new Date(now.getTime() - (days - 1) * 86_400_000));
}

/** Rows of an UPDATE/DELETE … RETURNING: TypeORM's postgres driver returns `[rows, affectedCount]` for those. */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
