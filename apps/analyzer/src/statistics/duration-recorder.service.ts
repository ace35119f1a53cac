import { Injectable } from '@nestjs/common';
import { DurationSketchRepository } from '../bottlenecks/duration-sketch.repository';
import { Queryable, utcDay } from '../persistence/queryable';
import { EffectiveThresholds } from '../thresholds/effective-thresholds.util';
import { DdSketch } from './dd-sketch.util';
import { DurationJudgement, judgeDuration } from './duration-anomaly.util';
import { DurationKey, DurationStatsRepository } from './duration-stats.repository';
import { addSample } from './welford.util';

/** Bucket arithmetic only: the sketch's accuracy is fixed so stored day buckets stay mergeable. */
const BUCKETS = new DdSketch();

/**
 * Records one finished duration of a key: judges it against the key's
 * baseline, then adds it to the Welford state and to the day's sketch.
 * Runs inside the caller's transaction.
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

  async record(
    tx: Queryable,
    key: DurationKey,
    durationMs: number,
    endedAt: string,
    activityName: string | null,
    thresholds: EffectiveThresholds,
  ): Promise<DurationJudgement | null> {
    const baseline = await this.stats.lock(tx, key);
    const judgement = judgeDuration(baseline, durationMs, {
      threshold: thresholds.anomalyZScore,
      minSamples: thresholds.minSamples,
      minDurationMs: thresholds.anomalyMinDurationMs,
    });
    await this.stats.save(tx, key, addSample(baseline, durationMs));
    await this.sketches.record(
      tx,
      key,
      utcDay(endedAt),
      BUCKETS.bucketOf(durationMs),
      durationMs,
      activityName,
    );
    return judgement;
  }
}
