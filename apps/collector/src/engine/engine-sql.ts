/** The SQL dialects the collector reads engine databases in; chosen by the DB URL's scheme. */
export type EngineSqlDialect = 'postgres' | 'mysql';

/**
 * Read-only access to one engine's database. Placeholders follow the dialect: `$1` on PostgreSQL,
 * `?` on MySQL/MariaDB.
 */
export interface EngineSql {
  readonly dialect: EngineSqlDialect;
  query<R extends object>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

const SCHEMES: ReadonlyArray<[RegExp, EngineSqlDialect]> = [
  [/^postgres(ql)?:\/\//i, 'postgres'],
  [/^(mysql|mariadb):\/\//i, 'mysql'],
];

/** The dialect of a `CAMUNDA_NODE_<n>_DB_URL`; the settings check has refused any other scheme. */
export function engineSqlDialectOf(url: string): EngineSqlDialect {
  const found = SCHEMES.find(([scheme]) => scheme.test(url));
  if (!found) throw new Error(`unsupported engine database URL scheme: ${url.split(':')[0]}`);
  return found[1];
}
