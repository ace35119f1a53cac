import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppLogger, ContextLogger, errorMessage, PeriodicTask } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { ReportSettings } from '../analyzer.settings';
import { DurationSketchRepository } from '../bottlenecks/duration-sketch.repository';
import { JobOutcomeRepository } from '../job-risk/job-outcome.repository';
import { ProcessDayRepository } from '../leaderboard/process-day.repository';
import { FactLedgerRepository } from '../persistence/fact-ledger.repository';
import { windowStartDay } from '../persistence/queryable';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { DefinitionReportsService, ReportWindow } from './definition-reports.service';
import { NodeReportsService } from './node-reports.service';

const DAY_MS = 86_400_000;

/**
 * Every ANALYSIS_INTERVAL_MS: bottlenecks, leaderboards, job-failure risk and
 * health over the look-back window, each published when it changed; then old
 * day buckets are dropped, so storage follows the window, not the history.
 */
@Injectable()
export class ReportCycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;
  private readonly log: ContextLogger;

  constructor(
    private readonly settings: ReportSettings,
    private readonly dataSource: DataSource,
    private readonly thresholds: ThresholdsService,
    private readonly definitions: DefinitionReportsService,
    private readonly nodes: NodeReportsService,
    private readonly ledger: FactLedgerRepository,
    private readonly sketches: DurationSketchRepository,
    private readonly outcomes: JobOutcomeRepository,
    private readonly days: ProcessDayRepository,
    logger: AppLogger,
  ) {
    this.log = logger.forContext('ReportCycle');
    this.task = new PeriodicTask(
      settings.intervalMs,
      () => this.run(),
      (error) =>
        this.log.error('analysis cycle failed; retrying next interval', { error: errorMessage(error) }),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async run(now: Date = new Date()) {
    await this.thresholds.refresh();
    const thresholds = this.thresholds.current();
    const window: ReportWindow = { now, thresholds, fromDay: windowStartDay(now, thresholds.lookbackDays) };
    const { bottlenecks, leaderboards } = await this.definitions.run(window);
    const risks = await this.nodes.jobFailureRisks(window);
    const health = await this.nodes.health(window);
    await this.prune(now, Math.max(this.settings.keepDays, thresholds.lookbackDays));
    return { bottlenecks, leaderboards, risks, health };
  }

  /**
   * Keeps the longer of the start-up and the current window: a window widened
   * at run time fills up from then on. The closed-item ledger lives as long, so
   * an opening fact replayed within the window does not reopen a closed item.
   */
  private async prune(now: Date, keepDays: number): Promise<void> {
    const keepFrom = windowStartDay(now, keepDays);
    await this.sketches.pruneBefore(this.dataSource, keepFrom);
    await this.outcomes.pruneBefore(this.dataSource, keepFrom, new Date(now.getTime() - 2 * 3_600_000));
    await this.days.pruneBefore(this.dataSource, keepFrom);
    await this.ledger.pruneBefore(this.dataSource, new Date(now.getTime() - keepDays * DAY_MS));
  }
}
