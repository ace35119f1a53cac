import { DataSource, EntityManager } from 'typeorm';

/** Something SQL can run on: the data source, or the manager of an open transaction. */
export type SqlRunner = Pick<DataSource | EntityManager, 'query'>;

/**
 * The rows of a statement. TypeORM's postgres driver answers UPDATE and DELETE
 * with `[rows, rowCount]` and everything else with `rows`; callers want rows.
 */
export async function queryRows<T>(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await runner.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
