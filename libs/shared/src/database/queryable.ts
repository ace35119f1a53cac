/** A data source or an open transaction's entity manager: repositories run on whichever they are given. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * The rows of a statement. TypeORM's postgres driver answers UPDATE and DELETE
 * … RETURNING with `[rows, rowCount]` and everything else with `rows`; callers want rows.
 */
export async function queryRows<T>(runner: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  return returnedRows<T>(await runner.query(sql, params));
}

/** The rows inside a driver answer that may be `[rows, rowCount]`. */
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

/** What a service needs of the data source to run work in one transaction; a TypeORM `DataSource` is one. */
export interface TransactionRunner {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}
