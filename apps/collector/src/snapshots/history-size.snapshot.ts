import type { HistorySize } from '@flowpilot/shared';
import type { EngineDatabase } from '../engine/engine-database';
import { PeriodicSnapshot, SnapshotParts } from './periodic-snapshot';

/**
 * History tables and the column that says when a row stopped changing; rows
 * older than the threshold on that column are what history cleanup would
 * remove. Every column listed has an index in Camunda's schema, so counting
 * old rows is an index-only range scan.
 */
const HISTORY_TABLES: ReadonlyArray<{ table: string; endColumn: string | null }> = [
  { table: 'act_hi_procinst', endColumn: 'end_time_' },
  { table: 'act_hi_actinst', endColumn: 'end_time_' },
  { table: 'act_hi_taskinst', endColumn: 'end_time_' },
  { table: 'act_hi_incident', endColumn: 'end_time_' },
  { table: 'act_hi_identitylink', endColumn: 'timestamp_' },
  { table: 'act_hi_varinst', endColumn: null },
  { table: 'act_hi_detail', endColumn: null },
  { table: 'act_hi_job_log', endColumn: null },
  { table: 'act_hi_op_log', endColumn: null },
  { table: 'act_hi_ext_task_log', endColumn: null },
  { table: 'act_hi_decinst', endColumn: null },
  { table: 'act_ge_bytearray', endColumn: null },
];

type TableSize = HistorySize['tables'][number];

export interface HistorySizeParts extends SnapshotParts {
  db: EngineDatabase;
  /** The engine's zone: its timestamps are written zone-less in it. */
  timeZone: string;
  /** Rows ended longer ago than this are what history cleanup would remove. */
  thresholdDays: number;
}

export class HistorySizeSnapshot extends PeriodicSnapshot {
  readonly kind = 'history-size';

  constructor(private readonly parts: HistorySizeParts) {
    super(parts);
  }

  protected async collect(): Promise<void> {
    const { nodeId, db, publisher, thresholdDays } = this.parts;
    // Row counts are the planner's estimates (pg_class.reltuples): exact counts would cost a full scan.
    const sizes = await db.query<{ table: string; rows: string; bytes: string }>(
      `SELECT c.relname AS table, greatest(c.reltuples, 0)::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname = ANY($1::text[])`,
      [HISTORY_TABLES.map((t) => t.table)],
    );
    const tables: TableSize[] = [];
    for (const { table, endColumn } of HISTORY_TABLES) {
      const size = sizes.find((s) => s.table === table);
      if (!size) continue;
      tables.push({
        table,
        rows: Number(size.rows),
        bytes: Number(size.bytes),
        rowsOlderThanThreshold: endColumn ? await this.countOlder(table, endColumn) : 0,
      });
    }
    const withoutTtl = await db.query<{ key: string }>(
      `SELECT DISTINCT key_ AS key FROM act_re_procdef WHERE history_ttl_ IS NULL ORDER BY key_ LIMIT 500`,
    );
    const definitionsWithoutTtl = withoutTtl.map((r) => r.key);
    await publisher.publish(
      'camunda.history.size.v1',
      {
        observedAt: new Date(this.now()).toISOString(),
        archiveThresholdDays: thresholdDays,
        tables,
        totalBytes: tables.reduce((sum, t) => sum + t.bytes, 0),
        definitionsWithoutTtl,
        advice: cleanupAdvice(tables, definitionsWithoutTtl, thresholdDays),
      },
      { nodeId },
    );
  }

  private async countOlder(table: string, column: string): Promise<number> {
    const { db, timeZone, thresholdDays } = this.parts;
    const [row] = await db.query<{ count: string }>(
      `SELECT count(*) AS count FROM ${table} WHERE ${column} < (now() AT TIME ZONE $1) - make_interval(days => $2)`,
      [timeZone, thresholdDays],
    );
    return Number(row.count);
  }
}

const GIB = 1024 ** 3;

/** Concrete steps, in the order an operator would take them. */
export function cleanupAdvice(
  tables: TableSize[],
  definitionsWithoutTtl: string[],
  thresholdDays: number,
): string[] {
  const advice: string[] = [];
  const old = tables.filter((t) => t.rowsOlderThanThreshold > 0);
  if (definitionsWithoutTtl.length > 0) {
    advice.push(
      `${definitionsWithoutTtl.length} process definition(s) have no history time-to-live (${definitionsWithoutTtl.slice(0, 5).join(', ')}${definitionsWithoutTtl.length > 5 ? ', …' : ''}): history cleanup never removes their instances. Set camunda:historyTimeToLive="P${thresholdDays}D" in the models (or PUT /process-definition/{id}/history-time-to-live) and redeploy.`,
    );
  }
  if (old.length > 0) {
    const described = old.map((t) => `${t.table}: ${t.rowsOlderThanThreshold}`).join(', ');
    advice.push(
      `Rows ended more than ${thresholdDays} days ago (${described}). Enable the history cleanup job with a batch window (historyCleanupBatchWindowStartTime/EndTime in the engine configuration) or start it now with POST /history/cleanup; archive first if these rows must be kept.`,
    );
  }
  const total = tables.reduce((sum, t) => sum + t.bytes, 0);
  const details = tables
    .filter((t) => t.table === 'act_hi_detail' || t.table === 'act_hi_varinst')
    .reduce((sum, t) => sum + t.bytes, 0);
  if (total > 0 && details / total > 0.5) {
    advice.push(
      'Variable history (act_hi_detail, act_hi_varinst) is more than half of the history: consider history level "audit" instead of "full", or a custom history level that skips variable updates.',
    );
  }
  if (total > 10 * GIB) {
    advice.push(
      `History takes ${(total / GIB).toFixed(1)} GiB: consider the removal-time-based cleanup strategy, which deletes by indexed REMOVAL_TIME_ in batches.`,
    );
  }
  return advice;
}
