import { Injectable } from '@nestjs/common';
import { HealthScore, JobFailureRiskReport } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { HealthLimitSettings, ReportSettings } from '../analyzer.settings';
import { clusterHealth, HEALTH_FORMULA, HealthResult, nodeHealth } from '../health/health-score.util';
import { NodeStateRepository } from '../health/node-state.repository';
import { JobOutcomeRepository, OutcomeRow } from '../job-risk/job-outcome.repository';
import { jobFailureRisk, rankRisks } from '../job-risk/job-failure-risk.util';
import { JudgementEvents } from '../observability/judgement.events';
import { ReportWindow } from './definition-reports.service';
import { ReportPublisher } from './report-publisher.service';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Per node: job-failure risk and health; and the cluster's health. */
@Injectable()
export class NodeReportsService {
  constructor(
    private readonly settings: ReportSettings,
    private readonly healthLimits: HealthLimitSettings,
    private readonly dataSource: DataSource,
    private readonly outcomes: JobOutcomeRepository,
    private readonly nodes: NodeStateRepository,
    private readonly reports: ReportPublisher,
    private readonly events: JudgementEvents,
  ) {}

  async jobFailureRisks({ now, fromDay, thresholds }: ReportWindow): Promise<JobFailureRiskReport[]> {
    const byActivity = new Map<string, OutcomeRow[]>();
    for (const row of await this.outcomes.failingSince(this.dataSource, fromDay)) {
      const key = [row.nodeId, row.processDefinitionKey, row.activityId].join('\u0000');
      byActivity.set(key, [...(byActivity.get(key) ?? []), row]);
    }
    const byNode = new Map<string, ReturnType<typeof jobFailureRisk>[]>();
    for (const rows of byActivity.values()) {
      const [{ nodeId, processDefinitionKey, activityId }] = rows;
      const risk = jobFailureRisk(
        { processDefinitionKey, activityId },
        rows.map((r) => ({
          day: Date.parse(`${r.day}T00:00:00Z`) / DAY_MS,
          failures: r.failures,
          completions: r.completions,
        })),
        {
          minSamples: thresholds.minSamples,
          horizonDays: this.settings.jobRiskHorizonDays,
          high: thresholds.jobRiskHigh,
          medium: thresholds.jobRiskMedium,
        },
      );
      byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), risk]);
    }
    const changed: JobFailureRiskReport[] = [];
    for (const [nodeId, risks] of byNode) {
      const report: JobFailureRiskReport = {
        nodeName: nodeId,
        windowDays: thresholds.lookbackDays,
        horizonDays: this.settings.jobRiskHorizonDays,
        entries: rankRisks(risks.filter((r) => r !== null)).slice(0, this.settings.resultsLimit),
        computedAt: now.toISOString(),
      };
      if (
        await this.reports.publishIfChanged(
          'analysis.job-failure-risk.v1',
          'job-failure-risk',
          nodeId,
          report,
          nodeId,
        )
      ) {
        changed.push(report);
      }
    }
    return changed;
  }

  /** Scores every known node and the cluster; gauges follow every cycle, events only changes. */
  async health({ now }: ReportWindow): Promise<HealthScore[]> {
    const failures = await this.outcomes.nodeFailuresSince(
      this.dataSource,
      new Date(now.getTime() - HOUR_MS),
    );
    const scored: { nodeId: string; health: HealthResult }[] = (await this.nodes.all(this.dataSource)).map(
      (n) => ({
        nodeId: n.nodeId,
        health: nodeHealth({ ...n, failedJobsLastHour: failures.get(n.nodeId) ?? 0 }, this.healthLimits),
      }),
    );
    if (scored.length === 0) return [];
    const nodeScores = scored.map((s) => ({ nodeName: s.nodeId, score: s.health.score }));
    const scores: HealthScore[] = [
      ...scored.map(({ nodeId, health }) => ({
        scope: 'node' as const,
        nodeName: nodeId,
        ...health,
        nodes: [],
        formula: HEALTH_FORMULA,
        computedAt: now.toISOString(),
      })),
      {
        scope: 'cluster',
        nodeName: null,
        ...clusterHealth(scored),
        nodes: nodeScores,
        formula: HEALTH_FORMULA,
        computedAt: now.toISOString(),
      },
    ];
    const changed: HealthScore[] = [];
    for (const score of scores) {
      this.events.emit('health', score);
      if (
        await this.reports.publishIfChanged(
          'analysis.health.v1',
          'health',
          score.nodeName ?? 'cluster',
          score,
          score.nodeName,
        )
      )
        changed.push(score);
    }
    return changed;
  }
}
