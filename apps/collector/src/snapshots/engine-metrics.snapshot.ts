import { deriveEventId, EventPublisher } from '@flowpilot/shared';
import type { CollectorCamundaApi } from '../engine/collector-camunda.api';
import type { EngineDatabase } from '../engine/engine-database';
import type { SnapshotMarkStore } from '../persistence/snapshot-mark.store';
import { PeriodicSnapshot } from './periodic-snapshot';

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

/**
 * Publishes the meter-log sums per fixed window of `intervalMs` (aligned to
 * the epoch, so a window's bounds and event id never depend on when it is
 * read). Windows follow each other from the last one published (persisted):
 * a restart neither repeats nor skips one. A window is read once `settleMs`
 * after its end, because the engine writes its meter log in periodic flushes.
 */
export class EngineMetricsSnapshot extends PeriodicSnapshot {
  readonly kind = 'engine-metrics';

  constructor(
    private readonly nodeId: string,
    private readonly reader: MeterReader,
    private readonly marks: Pick<SnapshotMarkStore, 'load' | 'save'>,
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    private readonly windowMs: number,
    private readonly settleMs: number,
    now?: () => number,
  ) {
    super(windowMs, now);
  }

  protected async collect(): Promise<void> {
    const mark = await this.marks.load(this.nodeId, this.kind);
    const lastClosed = Math.floor((this.now() - this.settleMs) / this.windowMs) * this.windowMs;
    let start = mark ? Date.parse(mark.fingerprint) : lastClosed - this.windowMs;
    for (
      let i = 0;
      i < MAX_WINDOWS_PER_RUN && start + this.windowMs <= lastClosed;
      i++, start += this.windowMs
    ) {
      const windowStart = new Date(start);
      const windowEnd = new Date(start + this.windowMs);
      const metrics = await this.reader.sums(windowStart, windowEnd);
      await this.publisher.publish(
        'camunda.engine.metrics.v1',
        { windowStart: windowStart.toISOString(), windowEnd: windowEnd.toISOString(), metrics },
        {
          nodeId: this.nodeId,
          eventId: deriveEventId(this.nodeId, this.kind, windowStart.toISOString()),
          occurredAt: windowEnd,
        },
      );
      await this.marks.save(this.nodeId, this.kind, {
        fingerprint: windowEnd.toISOString(),
        publishedAt: new Date(this.now()),
      });
    }
  }
}
