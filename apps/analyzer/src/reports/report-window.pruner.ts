import { Queryable } from '@flowpilot/shared';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReportSettings } from '../analyzer.settings';
import { DurationSketchRepository } from '../bottlenecks/duration-sketch.repository';
import { JobOutcomeRepository } from '../job-risk/job-outcome.repository';
import { ProcessDayRepository } from '../leaderboard/process-day.repository';
import { FactLedgerRepository } from '../persistence/fact-ledger.repository';
import { windowStartDay } from '../persistence/utc-day.util';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Drops the day buckets the reports read once they fall out of the window, so storage follows the window,
 * not the history.
 */
@Injectable()
export class ReportWindowPruner {
  constructor(
    private readonly settings: ReportSettings,
    @Inject(DataSource) private readonly dataSource: Queryable,
    @Inject(FactLedgerRepository) private readonly ledger: Pick<FactLedgerRepository, 'pruneBefore'>,
    @Inject(DurationSketchRepository)
    private readonly sketches: Pick<DurationSketchRepository, 'pruneBefore'>,
    @Inject(JobOutcomeRepository) private readonly outcomes: Pick<JobOutcomeRepository, 'pruneBefore'>,
    @Inject(ProcessDayRepository) private readonly days: Pick<ProcessDayRepository, 'pruneBefore'>,
  ) {}

  /**
   * Keeps the longer of the start-up and the current window (`lookbackDays`): a window widened at run time
   * fills up from then on. The closed-item ledger lives as long, so an opening fact replayed within the
   * window does not reopen a closed item.
   */
  async prune(now: Date, lookbackDays: number): Promise<void> {
    const keepDays = Math.max(this.settings.keepDays, lookbackDays);
    const keepFrom = windowStartDay(now, keepDays);
    await this.sketches.pruneBefore(this.dataSource, keepFrom);
    await this.outcomes.pruneBefore(this.dataSource, keepFrom, new Date(now.getTime() - 2 * HOUR_MS));
    await this.days.pruneBefore(this.dataSource, keepFrom);
    await this.ledger.pruneBefore(this.dataSource, new Date(now.getTime() - keepDays * DAY_MS));
  }
}
