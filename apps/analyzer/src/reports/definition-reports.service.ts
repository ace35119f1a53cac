import { Injectable } from '@nestjs/common';
import { BottlenecksReport, LeaderboardReport } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { ReportSettings } from '../analyzer.settings';
import { rankBottlenecks, tenthMs } from '../bottlenecks/bottleneck-ranking.util';
import { DurationSketchRepository, WindowedDurations } from '../bottlenecks/duration-sketch.repository';
import { PROCESS_SCOPE } from '../facts/process-fact.service';
import { buildLeaderboard, DefinitionFigures } from '../leaderboard/leaderboard.util';
import { ProcessDayRepository, ProcessWindowRow } from '../leaderboard/process-day.repository';
import { DurationRecorder } from '../statistics/duration-recorder.service';
import { EffectiveThresholds } from '../thresholds/effective-thresholds.util';
import { ReportPublisher } from './report-publisher.service';

export interface ReportWindow {
  now: Date;
  fromDay: string;
  thresholds: EffectiveThresholds;
}

/** Per process definition: the bottleneck ranking; per node: the leaderboard built from the same window. */
@Injectable()
export class DefinitionReportsService {
  constructor(
    private readonly settings: ReportSettings,
    private readonly dataSource: DataSource,
    private readonly sketches: DurationSketchRepository,
    private readonly days: ProcessDayRepository,
    private readonly reports: ReportPublisher,
  ) {}

  /** Returns the reports that changed (and were therefore published). */
  async run(
    window: ReportWindow,
  ): Promise<{ bottlenecks: BottlenecksReport[]; leaderboards: LeaderboardReport[] }> {
    const { now, fromDay, thresholds } = window;
    const accuracy = DurationRecorder.relativeAccuracy;
    const processQuantiles = new Map<string, { medianMs: number | null; p95Ms: number | null }>();
    const changedBottlenecks: BottlenecksReport[] = [];
    const snapshot = await this.readSnapshot(fromDay, accuracy);
    for (const { nodeId, processDefinitionKey, activities } of snapshot.definitions) {
      const whole = activities.find((a) => a.activityId === PROCESS_SCOPE);
      if (whole) {
        const [medianMs, p95Ms] = whole.sketch
          .quantiles([0.5, 0.95])
          .map((q) => (q === null ? null : tenthMs(q)));
        processQuantiles.set(`${nodeId}\u0000${processDefinitionKey}`, { medianMs, p95Ms });
      }
      const ranked = rankBottlenecks(
        activities.filter((a) => a.activityId !== PROCESS_SCOPE),
        thresholds.minSamples,
      ).slice(0, this.settings.resultsLimit);
      if (ranked.length === 0) continue;
      const report: BottlenecksReport = {
        nodeName: nodeId,
        processDefinitionKey,
        windowDays: thresholds.lookbackDays,
        windowStart: new Date(`${fromDay}T00:00:00.000Z`).toISOString(),
        windowEnd: now.toISOString(),
        relativeAccuracy: accuracy,
        activities: ranked,
        computedAt: now.toISOString(),
      };
      if (
        await this.reports.publishIfChanged(
          'analysis.bottlenecks.v1',
          'bottlenecks',
          `${nodeId}:${processDefinitionKey}`,
          report,
          nodeId,
        )
      ) {
        changedBottlenecks.push(report);
      }
    }
    return {
      bottlenecks: changedBottlenecks,
      leaderboards: await this.leaderboards(window, snapshot.days, processQuantiles),
    };
  }

  /**
   * Everything the reports read, from one snapshot: a batch of facts commits
   * durations and day counters together, and a report must not see the
   * counters of a batch without its durations (or the other way round).
   */
  private readSnapshot(
    fromDay: string,
    accuracy: number,
  ): Promise<{
    definitions: { nodeId: string; processDefinitionKey: string; activities: WindowedDurations[] }[];
    days: ProcessWindowRow[];
  }> {
    return this.dataSource.transaction('REPEATABLE READ', async (q) => {
      const definitions = [];
      for (const { nodeId, processDefinitionKey } of await this.sketches.definitionsSince(q, fromDay)) {
        const activities = await this.sketches.window(q, nodeId, processDefinitionKey, fromDay, accuracy);
        definitions.push({ nodeId, processDefinitionKey, activities });
      }
      return { definitions, days: await this.days.windowSince(q, fromDay) };
    });
  }

  private async leaderboards(
    { now, thresholds }: ReportWindow,
    days: ProcessWindowRow[],
    quantiles: Map<string, { medianMs: number | null; p95Ms: number | null }>,
  ): Promise<LeaderboardReport[]> {
    const byNode = new Map<string, DefinitionFigures[]>();
    for (const row of days) {
      const q = quantiles.get(`${row.nodeId}\u0000${row.processDefinitionKey}`) ?? {
        medianMs: null,
        p95Ms: null,
      };
      const list = byNode.get(row.nodeId) ?? [];
      list.push({ ...row, ...q });
      byNode.set(row.nodeId, list);
    }
    const changed: LeaderboardReport[] = [];
    for (const [nodeId, figures] of byNode) {
      const report: LeaderboardReport = {
        nodeName: nodeId,
        windowDays: thresholds.lookbackDays,
        entries: buildLeaderboard(figures, thresholds.lookbackDays).slice(0, this.settings.resultsLimit),
        computedAt: now.toISOString(),
      };
      if (
        await this.reports.publishIfChanged('analysis.leaderboard.v1', 'leaderboard', nodeId, report, nodeId)
      )
        changed.push(report);
    }
    return changed;
  }
}
