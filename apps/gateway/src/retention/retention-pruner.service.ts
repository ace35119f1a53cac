import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppLogger, ContextLogger, errorMessage, PeriodicTask } from '@flowpilot/shared';
import { RetentionSettings } from '../gateway.settings';
import { TrendBucketsRepository } from '../trends/trend-buckets.repository';
import { RetentionRepository } from './retention.repository';

const DAY_MS = 24 * 3_600_000;

export interface PruneResult {
  deliveries: number;
  trendBuckets: number;
}

/**
 * Keeps the gateway's own bookkeeping from growing forever: finished webhook
 * deliveries go after WEBHOOK_FINISHED_RETENTION_DAYS (pending and dead ones
 * stay: the first are still work, the second wait for an operator), and
 * hourly trend buckets after TREND_RETENTION_DAYS. Handled event ids are
 * pruned by the shared processed-events pruner, as in every service.
 */
@Injectable()
export class RetentionPruner implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;
  private readonly log: ContextLogger;

  constructor(
    @Inject(RetentionSettings) private readonly settings: RetentionSettings,
    @Inject(RetentionRepository)
    private readonly retention: Pick<RetentionRepository, 'pruneFinishedDeliveries'>,
    @Inject(TrendBucketsRepository) private readonly trends: Pick<TrendBucketsRepository, 'prune'>,
    @Inject(AppLogger) logger: AppLogger,
  ) {
    this.log = logger.forContext('RetentionPruner');
    this.task = new PeriodicTask(
      settings.pruneIntervalMs,
      () => this.prune(),
      (error) => this.log.warn('pruning failed; will try again', { reason: errorMessage(error) }),
    );
  }

  onModuleInit(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async prune(now = new Date()): Promise<PruneResult> {
    const deliveries = await this.retention.pruneFinishedDeliveries(
      new Date(now.getTime() - this.settings.finishedDeliveryDays * DAY_MS),
    );
    const trendBuckets = await this.trends.prune(
      new Date(now.getTime() - this.settings.trendBucketDays * DAY_MS),
    );
    if (deliveries + trendBuckets > 0) this.log.info('pruned past retention', { deliveries, trendBuckets });
    return { deliveries, trendBuckets };
  }
}
