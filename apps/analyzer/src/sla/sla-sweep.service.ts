import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AppLogger,
  ContextLogger,
  errorMessage,
  PeriodicTask,
  Queryable,
  SlaAlert,
  TransactionRunner,
} from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { SlaSweepSettings } from '../analyzer.settings';
import { JudgementPublisher } from '../facts/judgement-publisher.service';
import { ThresholdsService } from '../thresholds/thresholds.service';
import { buildSlaAlert } from './sla-alert.factory';
import { SlaGroup, SlaItemsRepository } from './sla-items.repository';
import { slaTransition } from './sla-state.util';
import { resolveSlaTarget } from './sla-target.resolver';

const PAGE = 500;

/**
 * The periodic SLA check of everything still open against now: this is how an
 * instance or task is reported at risk before it breaches, and breached while
 * it is still open. Each escalation is a compare-and-set on the stored state,
 * published in the same transaction, so it alerts once even with several
 * replicas sweeping.
 */
@Injectable()
export class SlaSweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;
  private readonly log: ContextLogger;

  constructor(
    settings: SlaSweepSettings,
    @Inject(DataSource) private readonly dataSource: TransactionRunner & Queryable,
    @Inject(SlaItemsRepository)
    private readonly items: Pick<SlaItemsRepository, 'watchedGroups' | 'crossedInGroup' | 'escalate'>,
    @Inject(ThresholdsService) private readonly thresholds: Pick<ThresholdsService, 'refresh' | 'current'>,
    @Inject(JudgementPublisher) private readonly publisher: Pick<JudgementPublisher, 'sla' | 'announce'>,
    logger: AppLogger,
  ) {
    this.log = logger.forContext('SlaSweep');
    this.task = new PeriodicTask(
      settings.sweepIntervalMs,
      () => this.sweep(),
      (error) => this.log.error('SLA sweep failed; retrying next interval', { error: errorMessage(error) }),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Alerts every open item that crossed at-risk or breached by `now`; returns what was alerted. */
  async sweep(now: Date = new Date()): Promise<SlaAlert[]> {
    await this.thresholds.refresh();
    const alerts: SlaAlert[] = [];
    for (const group of await this.items.watchedGroups(this.dataSource)) {
      alerts.push(...(await this.sweepGroup(group, now)));
    }
    return alerts;
  }

  private async sweepGroup(group: SlaGroup, now: Date): Promise<SlaAlert[]> {
    const { slaTargets, slaThresholdHours, slaAtRiskShare } = this.thresholds.current();
    const target = resolveSlaTarget(
      group.subject === 'user-task'
        ? {
            kind: 'user-task',
            processDefinitionKey: group.processDefinitionKey,
            taskDefinitionKey: group.taskDefinitionKey,
          }
        : { kind: 'process-instance', processDefinitionKey: group.processDefinitionKey },
      slaTargets,
      slaThresholdHours,
    );
    const atRiskBefore = new Date(now.getTime() - target.ms * slaAtRiskShare);
    const breachedBefore = new Date(now.getTime() - target.ms);
    const alerts: SlaAlert[] = [];
    for (;;) {
      const crossed = await this.items.crossedInGroup(
        this.dataSource,
        group,
        atRiskBefore,
        breachedBefore,
        PAGE,
      );
      const before = alerts.length;
      for (const item of crossed) {
        const elapsedMs = now.getTime() - item.startedAt.getTime();
        const next = slaTransition(item.state, elapsedMs, target.ms, slaAtRiskShare);
        if (!next) continue;
        const alert = buildSlaAlert({
          item,
          state: next,
          target,
          atRiskShare: slaAtRiskShare,
          elapsedMs,
          open: true,
          now,
        });
        const escalated = await this.dataSource.transaction(async (tx) => {
          if (!(await this.items.escalate(tx, item, next))) return false;
          await this.publisher.sla(alert);
          return true;
        });
        if (escalated) alerts.push(alert);
      }
      // A full page that escalated nothing was taken by another replica: the next sweep sees what is left.
      if (crossed.length < PAGE || alerts.length === before) break;
    }
    this.publisher.announce([], alerts);
    return alerts;
  }
}
