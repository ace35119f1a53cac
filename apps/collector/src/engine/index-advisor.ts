import type { EngineDatabase } from './engine-database';

/**
 * The indexes the incremental reads rely on: each history stream is a range
 * scan on its timestamp column. Camunda 7.24 ships all but the job-log one.
 */
export const RELIED_ON_INDEXES: ReadonlyArray<{ table: string; column: string; create: string }> = [
  {
    table: 'act_hi_incident',
    column: 'create_time_',
    create: 'CREATE INDEX act_idx_hi_incident_create_time ON act_hi_incident (create_time_)',
  },
  {
    table: 'act_hi_incident',
    column: 'end_time_',
    create: 'CREATE INDEX act_idx_hi_incident_end_time ON act_hi_incident (end_time_)',
  },
  {
    table: 'act_hi_procinst',
    column: 'start_time_',
    create: 'CREATE INDEX act_idx_hi_pro_inst_proc_time ON act_hi_procinst (start_time_, end_time_)',
  },
  {
    table: 'act_hi_procinst',
    column: 'end_time_',
    create: 'CREATE INDEX act_idx_hi_pro_inst_end ON act_hi_procinst (end_time_)',
  },
  {
    table: 'act_hi_actinst',
    column: 'end_time_',
    create: 'CREATE INDEX act_idx_hi_act_inst_end ON act_hi_actinst (end_time_)',
  },
  {
    table: 'act_hi_actinst',
    column: 'proc_inst_id_',
    create: 'CREATE INDEX act_idx_hi_act_inst_procinst ON act_hi_actinst (proc_inst_id_, act_id_)',
  },
  {
    table: 'act_hi_taskinst',
    column: 'start_time_',
    create: 'CREATE INDEX act_idx_hi_task_inst_start ON act_hi_taskinst (start_time_)',
  },
  {
    table: 'act_hi_taskinst',
    column: 'end_time_',
    create: 'CREATE INDEX act_idx_hi_task_inst_end ON act_hi_taskinst (end_time_)',
  },
  {
    table: 'act_hi_identitylink',
    column: 'task_id_',
    create: 'CREATE INDEX act_idx_hi_ident_link_task ON act_hi_identitylink (task_id_)',
  },
  {
    table: 'act_hi_job_log',
    column: 'timestamp_',
    create: 'CREATE INDEX flowpilot_hi_job_log_ts ON act_hi_job_log (timestamp_, id_)',
  },
  {
    table: 'act_ru_meter_log',
    column: 'milliseconds_',
    create: 'CREATE INDEX act_idx_meter_log_ms ON act_ru_meter_log (milliseconds_)',
  },
];

/** The CREATE INDEX statements of relied-on indexes that are missing (no index leads with the column). */
export async function missingIndexes(db: EngineDatabase): Promise<string[]> {
  const rows = await db.query<{ table: string; leading: string }>(
    `SELECT t.relname AS table, a.attname AS leading
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
      WHERE t.relname = ANY($1::text[])`,
    [[...new Set(RELIED_ON_INDEXES.map((i) => i.table))]],
  );
  const present = new Set(rows.map((r) => `${r.table}.${r.leading}`));
  return RELIED_ON_INDEXES.filter((i) => !present.has(`${i.table}.${i.column}`)).map((i) => i.create);
}
