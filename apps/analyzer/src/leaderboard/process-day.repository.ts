import { Injectable } from '@nestjs/common';
import { Queryable } from '../persistence/queryable';

type Counter = 'started' | 'completed' | 'incidents' | 'sla_met' | 'sla_missed';

export interface ProcessWindowRow {
  nodeName: string;
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
  async increment(
    q: Queryable,
    nodeName: string,
    processDefinitionKey: string,
    day: string,
    counter: Counter,
  ): Promise<void> {
    // `counter` is one of the fixed column names above, never input.
    await q.query(
      `INSERT INTO process_days (node_name, process_definition_key, day, ${counter}) VALUES ($1, $2, $3, 1)
       ON CONFLICT (node_name, process_definition_key, day) DO UPDATE SET ${counter} = process_days.${counter} + 1`,
      [nodeName, processDefinitionKey, day],
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
      nodeName: r.node_name,
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
