import { deriveEventId, InstanceStuck } from '@flowpilot/shared';
import type { EngineDatabase } from '../engine/engine-database';
import type { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import { PeriodicSnapshot, SnapshotParts } from './periodic-snapshot';

const DAY_MS = 86_400_000;

interface StuckRow {
  id: string;
  proc_def_id: string;
  proc_def_key: string;
  business_key: string | null;
  start_time: Date;
  last_progress: Date;
  last_progress_text: string;
  waiting_in: string[] | null;
}

export interface StuckInstancesParts extends SnapshotParts<'publishMany'> {
  db: EngineDatabase;
  /** The engine's zone: its timestamps are written zone-less in it. */
  timeZone: string;
  marks: Pick<SnapshotMarkStore, 'load' | 'save' | 'reportedStalls' | 'saveStall'>;
  thresholdDays: number;
  /** Stalls read per run at most. */
  limit: number;
}

/**
 * Running instances whose last activity started or ended more than
 * STUCK_INSTANCE_DAYS ago. Starts from the runtime executions (only what is
 * running), then looks up each one's activities by the indexed instance id.
 * Each stall is published once; an instance that moves and stalls again is
 * published again.
 */
export class StuckInstancesSnapshot extends PeriodicSnapshot {
  readonly kind = 'stuck-instances';

  constructor(private readonly parts: StuckInstancesParts) {
    super(parts);
  }

  protected async collect(): Promise<void> {
    const { nodeId, db, timeZone, marks, publisher, thresholdDays, limit } = this.parts;
    const rows = await db.query<StuckRow>(
      `SELECT p.id_ AS id, p.proc_def_id_ AS proc_def_id, p.proc_def_key_ AS proc_def_key, p.business_key_ AS business_key,
              (p.start_time_ AT TIME ZONE $1) AS start_time, (a.progress AT TIME ZONE $1) AS last_progress,
              to_char(a.progress, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS last_progress_text, a.waiting_in
         FROM act_ru_execution e
         JOIN act_hi_procinst p ON p.id_ = e.proc_inst_id_
         CROSS JOIN LATERAL (
           SELECT max(coalesce(h.end_time_, h.start_time_)) AS progress,
                  array_agg(DISTINCT h.act_id_) FILTER (WHERE h.end_time_ IS NULL) AS waiting_in
             FROM act_hi_actinst h WHERE h.proc_inst_id_ = p.id_) a
        WHERE e.id_ = e.proc_inst_id_
          AND p.start_time_ < (now() AT TIME ZONE $1) - make_interval(days => $2)
          AND a.progress < (now() AT TIME ZONE $1) - make_interval(days => $2)
        ORDER BY a.progress
        LIMIT $3`,
      [timeZone, thresholdDays, limit],
    );
    const reported = await marks.reportedStalls(
      nodeId,
      rows.map((r) => r.id),
    );
    const fresh = rows.filter((r) => reported.get(r.id) !== r.last_progress_text);
    if (fresh.length === 0) return;
    const now = this.now();
    await publisher.publishMany(
      'camunda.instance.stuck.v1',
      fresh.map((r) => ({
        payload: toInstanceStuck(r, now, thresholdDays),
        options: {
          nodeId,
          eventId: deriveEventId(nodeId, this.kind, r.id, r.last_progress_text),
        },
      })),
    );
    for (const r of fresh) await marks.saveStall(nodeId, r.id, r.last_progress_text);
  }
}

function toInstanceStuck(row: StuckRow, now: number, thresholdDays: number): InstanceStuck {
  return {
    processInstanceId: row.id,
    processDefinitionId: row.proc_def_id,
    processDefinitionKey: row.proc_def_key,
    businessKey: row.business_key,
    startedAt: row.start_time.toISOString(),
    lastProgressAt: row.last_progress.toISOString(),
    waitingIn: (row.waiting_in ?? []).slice(0, 100),
    idleDays: Math.round(((now - row.last_progress.getTime()) / DAY_MS) * 10) / 10,
    thresholdDays,
  };
}
