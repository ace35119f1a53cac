import { deriveEventId } from '@flowpilot/shared';
import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { EngineDatabase } from '../engine/engine-database';
import type { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import { PeriodicSnapshot, SnapshotParts } from './periodic-snapshot';

/** The engine metrics Camunda 7 records in its meter log. */
export const ENGINE_METRIC_NAMES = [
  'activity-instance-start',
  'activity-instance-end',
  'root-process-instance-start',
  'job-acquisition-attempt',
  'job-acquired-success',
  'job-acquired-failure',
  'job-execution-rejected',
  'job-successful',
  'job-failed',
  'job-locked-exclusive',
  'executed-decision-elements',
  'executed-decision-instances',
] as const;

/** Sums of meter-log values per metric in [start, end). */
export interface MeterReader {
  sums(start: Date, end: Date): Promise<Array<{ name: string; value: number }>>;
}

export class SqlMeterReader implements MeterReader {
  constructor(private readonly db: EngineDatabase) {}

  async sums(start: Date, end: Date): Promise<Array<{ name: string; value: number }>> {
    // milliseconds_ is epoch milliseconds (zone-free) and indexed.
    const rows = await this.db.query<{ name: string; value: string }>(
      `SELECT name_ AS name, sum(value_) AS value FROM act_ru_meter_log
        WHERE milliseconds_ >= $1 AND milliseconds_ < $2 GROUP BY name_ ORDER BY name_`,
      [start.getTime(), end.getTime()],
    );
    return rows.map((r) => ({ name: r.name, value: Number(r.value) }));
  }
}

export class RestMeterReader implements MeterReader {
  constructor(private readonly api: CollectorCamundaApi) {}

  async sums(start: Date, end: Date): Promise<Array<{ name: string; value: number }>> {
    const values = await Promise.all(
      ENGINE_METRIC_NAMES.map(async (name) => ({ name, value: await this.api.meterSum(name, start, end) })),
    );
    return values.filter((v) => v.value !== 0);
  }
}

/** Windows published per run at most, so a long outage is caught up over several runs. */
const MAX_WINDOWS_PER_RUN = 60;

export interface EngineMetricsParts extends SnapshotParts {
  reader: MeterReader;
  marks: Pick<SnapshotMarkStore, 'load' | 'save'>;
  /** How long after a window's end it is read: the engine flushes its meter log periodically. */
  settleMs: number;
}

/**
 * Publishes the meter-log sums per fixed window of `intervalMs` (aligned to
 * the epoch, so a window's bounds and event id never depend on when it is
 * read). Windows follow each other from the last one published (persisted):
 * a restart neither repeats nor skips one. A window is read once `settleMs`
 * after its end, because the engine writes its meter log in periodic flushes.
 */
export class EngineMetricsSnapshot extends PeriodicSnapshot {
  readonly kind = 'engine-metrics';

  constructor(private readonly parts: EngineMetricsParts) {
    super(parts);
  }

  protected async collect(): Promise<void> {
    const { nodeId, reader, marks, publisher, settleMs, intervalMs: windowMs } = this.parts;
    const mark = await marks.load(nodeId, this.kind);
    const lastClosed = Math.floor((this.now() - settleMs) / windowMs) * windowMs;
    let start = mark ? Date.parse(mark.fingerprint) : lastClosed - windowMs;
    for (let i = 0; i < MAX_WINDOWS_PER_RUN && start + windowMs <= lastClosed; i++, start += windowMs) {
      const windowStart = new Date(start);
      const windowEnd = new Date(start + windowMs);
      const metrics = await reader.sums(windowStart, windowEnd);
      await publisher.publish(
        'camunda.engine.metrics.v1',
        { windowStart: windowStart.toISOString(), windowEnd: windowEnd.toISOString(), metrics },
        {
          nodeId,
          eventId: deriveEventId(nodeId, this.kind, windowStart.toISOString()),
          occurredAt: windowEnd,
        },
      );
      await marks.save(nodeId, this.kind, {
        fingerprint: windowEnd.toISOString(),
        publishedAt: new Date(this.now()),
      });
    }
  }
}
