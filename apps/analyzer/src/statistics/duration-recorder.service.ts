import { Queryable } from '@flowpilot/shared';
import { Injectable } from '@nestjs/common';
import { DurationSample, DurationSketchRepository } from '../bottlenecks/duration-sketch.repository';
import { utcDay } from '../persistence/utc-day.util';
import { EffectiveThresholds } from '../thresholds/effective-thresholds.util';
import { DdSketch } from './dd-sketch.util';
import { DurationJudgement, judgeDuration } from './duration-anomaly.util';
import { DurationKey, durationKeyId, DurationStatsRepository } from './duration-stats.repository';
import { addSample, RunningStats } from './welford.util';

/** Bucket arithmetic only: the sketch's accuracy is fixed so stored day buckets stay mergeable. */
const BUCKETS = new DdSketch();

export interface FinishedDuration {
  key: DurationKey;
  durationMs: number;
  endedAt: string;
  activityName: string | null;
}

/**
 * Records finished durations: judges each against its key's baseline as it
 * stands after the durations before it (exactly as one at a time, in order),
 * then adds it to the Welford state and to the day's sketch. A batch costs
 * four statements whatever its size. Runs inside the caller's transaction.
 */
@Injectable()
export class DurationRecorder {
  constructor(
    private readonly stats: DurationStatsRepository,
    private readonly sketches: DurationSketchRepository,
  ) {}

  static get relativeAccuracy(): number {
    return BUCKETS.relativeAccuracy;
  }

  /** One judgement per duration, in the order given (null: not anomalous or not enough baseline). */
  async recordAll(
    tx: Queryable,
    durations: readonly FinishedDuration[],
    thresholds: EffectiveThresholds,
  ): Promise<(DurationJudgement | null)[]> {
    if (durations.length === 0) return [];
    const baselines = await this.stats.lockAll(
      tx,
      durations.map((d) => d.key),
    );
    const folded = new Map<string, { key: DurationKey; stats: RunningStats }>();
    const judgements = durations.map((d) => {
      const id = durationKeyId(d.key);
      const current = folded.get(id)?.stats ?? baselines.get(id) ?? { count: 0, mean: 0, m2: 0 };
      const judgement = judgeDuration(current, d.durationMs, {
        threshold: thresholds.anomalyZScore,
        minSamples: thresholds.minSamples,
        minDurationMs: thresholds.anomalyMinDurationMs,
      });
      folded.set(id, { key: d.key, stats: addSample(current, d.durationMs) });
      return judgement;
    });
    await this.stats.saveAll(tx, [...folded.values()]);
    const samples: DurationSample[] = durations.map((d) => ({
      key: d.key,
      day: utcDay(d.endedAt),
      bucket: BUCKETS.bucketOf(d.durationMs),
      durationMs: d.durationMs,
      activityName: d.activityName,
    }));
    await this.sketches.recordAll(tx, samples);
    return judgements;
  }
}
