import { Client } from 'pg';

/** History tables the backlog fills, with the timestamp column each collector stream follows. */
export const BACKLOG_STREAMS = [
  { table: 'act_hi_procinst', ts: 'start_time_' },
  { table: 'act_hi_procinst', ts: 'end_time_' },
  { table: 'act_hi_actinst', ts: 'end_time_' },
] as const;

/**
 * "Flowpilot attached to an engine that is already busy": `instances` finished
 * process instances of `activities` activity instances each, written straight
 * into the engine's history tables, spread over the last 40 minutes (in UTC,
 * the engine's zone here). Returns the rows the collector's streams will read:
 * each process instance twice (started, completed), each activity once.
 */
export async function seedBacklog(client: Client, instances: number, activities: number): Promise<number> {
  await client.query(`
    INSERT INTO act_hi_procinst (id_, proc_inst_id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, start_time_, end_time_, duration_, state_, start_act_id_, end_act_id_)
    SELECT 'b' || g, 'b' || g, 'backlog', 'backlog:1:1', 'b' || g, t.ts, t.ts + ${activities} * interval '1 second', ${activities * 1000}, 'COMPLETED', 'a1', 'a${activities}'
      FROM generate_series(1, ${instances}) g,
           LATERAL (SELECT date_trunc('milliseconds', (now() AT TIME ZONE 'UTC') - interval '40 minutes' + (g::float8 / ${instances}) * interval '30 minutes') AS ts) t`);
  await client.query(`
    INSERT INTO act_hi_actinst (id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, proc_inst_id_, execution_id_, act_id_, act_name_, act_type_, start_time_, end_time_, duration_, act_inst_state_, sequence_counter_)
    SELECT p.id_ || '-' || k, 'backlog', 'backlog:1:1', p.id_, p.id_, p.id_, 'a' || k, 'Step ' || k, 'serviceTask',
           p.start_time_ + (k - 1) * interval '1 second', p.start_time_ + k * interval '1 second', 1000 + (k * 37) % 500, 1, k
      FROM act_hi_procinst p CROSS JOIN generate_series(1, ${activities}) k
     WHERE p.proc_def_key_ = 'backlog'`);
  await client.query('ANALYZE act_hi_procinst; ANALYZE act_hi_actinst');
  return instances * (2 + activities);
}

/**
 * The floor under the collector's SQL path: the same rows read by the same kind
 * of keyset query (ordered by timestamp and id, `pageSize` rows a page), with
 * nothing done with them. Returns the rows read.
 */
export async function readBacklogRaw(client: Client, pageSize: number): Promise<number> {
  let rows = 0;
  for (const { table, ts } of BACKLOG_STREAMS) {
    let mark: { ts: string; id: string } = { ts: '1970-01-01T00:00:00', id: '' };
    for (;;) {
      const page = await client.query<{ cursor_ts: string; cursor_id: string }>(
        `SELECT *, to_char(${ts}, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_ts, id_ AS cursor_id FROM ${table}
          WHERE ${ts} >= $1::timestamp AND (${ts}, id_) > ($1::timestamp, $2::text)
          ORDER BY ${ts}, id_ LIMIT $3`,
        [mark.ts, mark.id, pageSize],
      );
      rows += page.rows.length;
      if (page.rows.length < pageSize) break;
      const last = page.rows[page.rows.length - 1];
      mark = { ts: last.cursor_ts, id: last.cursor_id };
    }
  }
  return rows;
}
