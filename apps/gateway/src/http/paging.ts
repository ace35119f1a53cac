import { z } from 'zod';

export const MAX_PAGE_LIMIT = 200;

/** `limit` (1–200, default 50) and `offset` query parameters, shared by every list endpoint. */
export const pagingQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export interface Page {
  limit: number;
  offset: number;
  total: number;
}

export interface Paged<T> {
  data: T[];
  page: Page;
}

/**
 * `sort=field` or `sort=-field` (descending) over a fixed set of fields, each
 * mapped to its SQL column here so user input never reaches the SQL text.
 */
export function sortQuery<F extends string>(
  columns: Record<F, string>,
  defaultSort: NoInfer<`${'' | '-'}${F}`>,
) {
  const names = Object.keys(columns) as F[];
  return z
    .string()
    .default(defaultSort)
    .refine((v) => names.includes(v.replace(/^-/, '') as F), {
      message: `must be one of ${names.join(', ')} (prefix - for descending)`,
    })
    .transform((v) => {
      const descending = v.startsWith('-');
      const field = v.replace(/^-/, '') as F;
      return { field, column: columns[field], direction: descending ? ('DESC' as const) : ('ASC' as const) };
    });
}

/** Comma lists in a query string: `status=open,resolved`. */
export const csvQuery = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(2_000)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));
