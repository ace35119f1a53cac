import { Client } from 'pg';

/**
 * Bookkeeping rather than results: which events were seen, when a report was
 * last computed, operator settings. Everything else in the analyzer's schema is
 * folded from facts and must come out the same however the facts were spread
 * over replicas or batches.
 */
const NOT_RESULTS = new Set([
  'fact_ledger',
  'processed_events',
  'analysis_results',
  'threshold_overrides',
  'migrations',
  'typeorm_metadata',
]);

/** Table → its rows as sorted canonical strings, without columns stamped with the time of writing. */
export type Aggregates = Map<string, string[]>;

/** Doubles folded in another order (batches, merges) may differ in the last bits: 10 significant digits are compared. */
const canonical = (value: unknown): unknown =>
  typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(10)) : value;

export async function readAggregates(client: Client, schema: string): Promise<Aggregates> {
  const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'
        AND coalesce(c.column_default, '') NOT ILIKE '%now()%' AND coalesce(c.column_default, '') NOT ILIKE '%current_timestamp%'
      ORDER BY c.table_name, c.ordinal_position`,
    [schema],
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns) {
    if (NOT_RESULTS.has(table_name)) continue;
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  }
  const aggregates: Aggregates = new Map();
  for (const [table, names] of byTable) {
    const list = names.map((name) => `"${name}"`).join(', ');
    const { rows } = await client.query(`SELECT ${list} FROM "${schema}"."${table}"`);
    aggregates.set(
      table,
      rows.map((row: Record<string, unknown>) => JSON.stringify(names.map((n) => canonical(row[n])))).sort(),
    );
  }
  return aggregates;
}

export interface AggregateComparison {
  tables: number;
  rows: number;
  /** Rows present on one side only, per table ("table: n"). */
  differences: string[];
  differingRows: number;
}

export function compareAggregates(expected: Aggregates, actual: Aggregates): AggregateComparison {
  const differences: string[] = [];
  let differingRows = 0;
  let rows = 0;
  for (const table of new Set([...expected.keys(), ...actual.keys()])) {
    const left = expected.get(table) ?? [];
    const right = actual.get(table) ?? [];
    rows += left.length;
    const rightCounts = new Map<string, number>();
    for (const row of right) rightCounts.set(row, (rightCounts.get(row) ?? 0) + 1);
    let missing = 0;
    for (const row of left) {
      const n = rightCounts.get(row) ?? 0;
      if (n === 0) missing++;
      else rightCounts.set(row, n - 1);
    }
    const extra = [...rightCounts.values()].reduce((sum, n) => sum + n, 0);
    if (missing + extra > 0) {
      differences.push(`${table}: ${missing} row(s) only in the first, ${extra} only in the second`);
      differingRows += missing + extra;
    }
  }
  return { tables: new Set([...expected.keys(), ...actual.keys()]).size, rows, differences, differingRows };
}
