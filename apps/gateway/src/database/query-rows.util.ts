import type { Queryable } from '@flowpilot/shared';

/** Something SQL can run on: the data source, or the manager of an open transaction (`batch.tx`). */
export type SqlRunner = Queryable;

/** The one raw-query helper lives in libs/shared (it unwraps TypeORM's `[rows, rowCount]` answers). */
export { queryRows } from '@flowpilot/shared';
