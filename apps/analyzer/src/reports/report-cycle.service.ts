import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppLogger, ContextLogger, errorMessage, PeriodicTask } from '@flowpilot/shared';
import { ReportSettings } from '../analyzer.settings';
import { windowStartDay } from '../persistence/utc-day.util';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { DefinitionReportsService, ReportWindow } from './definition-reports.service';
import { NodeReportsService } from './node-reports.service';
import { ReportWindowPruner } from './report-window.pruner';

/**
 * Every ANALYSIS_INTERVAL_MS: bottlenecks, leaderboards, job-failure risk and
 * health over the look-back window, each published when it changed; then the
 * day buckets that fell out of the window are dropped (`ReportWindowPruner`).
 */
@Injectable()
export class ReportCycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;
  private readonly log: ContextLogger;

  constructor(
    settings: ReportSettings,
    private readonly thresholds: ThresholdsService,
    private readonly definitions: DefinitionReportsService,
    private readonly nodes: NodeReportsService,
    private readonly pruner: ReportWindowPruner,
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
    await this.pruner.prune(now, thresholds.lookbackDays);
    return { bottlenecks, leaderboards, risks, health };
  }
}
