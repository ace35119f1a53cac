import { Queryable } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';

export type Counter = 'started' | 'completed' | 'incidents' | 'sla_met' | 'sla_missed';

/** One count of one day of a process definition. */
export interface DayCount {
  nodeId: string;
  processDefinitionKey: string;
  day: string;
  counter: Counter;
}

export interface ProcessWindowRow {
  nodeId: string;
  processDefinitionKey: string;
  started: number;
  completed: number;
  incidents: number;
  slaMet: number;
  slaMissed: number;
}

/** Daily counters per process definition: throughput, incident rate and SLA compliance over the window. */
@Injectable()
export class ProcessDayRepository {
  /** Adds a batch of counts: folded per (node, definition, day), one upsert in key order. */
  async incrementAll(q: Queryable, counts: readonly DayCount[]): Promise<void> {
    if (counts.length === 0) return;
    const folded = new Map<
      string,
      { nodeId: string; processDefinitionKey: string; day: string } & Record<Counter, number>
    >();
    for (const c of counts) {
      const id = `${c.nodeId}\u0000${c.processDefinitionKey}\u0000${c.day}`;
      const row = folded.get(id) ?? {
        nodeId: c.nodeId,
        processDefinitionKey: c.processDefinitionKey,
        day: c.day,
        started: 0,
        completed: 0,
        incidents: 0,
        sla_met: 0,
        sla_missed: 0,
      };
      row[c.counter] += 1;
      folded.set(id, row);
    }
    const rows = [...folded.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    const column = (counter: Counter) => rows.map((r) => r[counter]);
    await q.query(
      `INSERT INTO process_days (node_name, process_definition_key, day, started, completed, incidents, sla_met, sla_missed)
       SELECT n, p, d, s, c, i, m, x FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
         WITH ORDINALITY AS u(n, p, d, s, c, i, m, x, o) ORDER BY o
       ON CONFLICT (node_name, process_definition_key, day) DO UPDATE SET
         started = process_days.started + EXCLUDED.started,
         completed = process_days.completed + EXCLUDED.completed,
         incidents = process_days.incidents + EXCLUDED.incidents,
         sla_met = process_days.sla_met + EXCLUDED.sla_met,
         sla_missed = process_days.sla_missed + EXCLUDED.sla_missed`,
      [
        rows.map((r) => r.nodeId),
        rows.map((r) => r.processDefinitionKey),
        rows.map((r) => r.day),
        column('started'),
        column('completed'),
        column('incidents'),
        column('sla_met'),
        column('sla_missed'),
      ],
    );
  }

  async windowSince(q: Queryable, fromDay: string): Promise<ProcessWindowRow[]> {
    const rows = await q.query<Record<string, string>[]>(
      `SELECT node_name, process_definition_key, SUM(started) AS started, SUM(completed) AS completed,
         SUM(incidents) AS incidents, SUM(sla_met) AS sla_met, SUM(sla_missed) AS sla_missed
       FROM process_days WHERE day >= $1 GROUP BY node_name, process_definition_key ORDER BY 1, 2`,
      [fromDay],
    );
    return rows.map((r) => ({
      nodeId: r.node_name,
      processDefinitionKey: r.process_definition_key,
      started: Number(r.started),
      completed: Number(r.completed),
      incidents: Number(r.incidents),
      slaMet: Number(r.sla_met),
      slaMissed: Number(r.sla_missed),
    }));
  }

  async pruneBefore(q: Queryable, day: string): Promise<void> {
    await q.query(`DELETE FROM process_days WHERE day < $1`, [day]);
  }
}
