import { queryRows, Queryable } from '@flowpilot/shared';

export interface PageSql {
  select: string;
  /** Table and WHERE clause, with $1… placeholders for `params`. */
  from: string;
  orderBy: string;
}

/** One page of rows and the total count, in one query (plus a count when the page is past the end). */
export async function pageRows<R>(
  runner: Queryable,
  sql: PageSql,
  params: unknown[],
  limit: number,
  offset: number,
): Promise<{ rows: R[]; total: number }> {
  const n = params.length;
  const rows = await queryRows<R & { __total: string }>(
    runner,
    `SELECT ${sql.select}, count(*) OVER () AS __total FROM ${sql.from} ORDER BY ${sql.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, limit, offset],
  );
  if (rows.length > 0) return { rows, total: Number(rows[0].__total) };
  if (offset === 0) return { rows, total: 0 };
  const count = await queryRows<{ n: string }>(runner, `SELECT count(*) AS n FROM ${sql.from}`, params);
  return { rows, total: Number(count[0].n) };
}

/** Builds `a = $1 AND b = ANY($2)` from optional filters, in order. */
export class Conditions {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** `sql` uses `?` for the value's placeholder; an undefined value adds nothing. */
  add(sql: string, value: unknown): this {
    if (value === undefined) return this;
    this.parts.push(sql.replace('?', `$${this.params.push(value)}`));
    return this;
  }

  raw(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  where(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
