import { Controller, Inject } from '@nestjs/common';
import { EventBatch, OnEventBatch } from '@flowpilot/shared';
import { payloadsPerNode } from '../events/per-node.util';
import { ProjectionWriter } from '../events/projection-writer.service';
import { TrendBucketsRepository } from './trend-buckets.repository';

/** Activity durations per definition version and hour, behind the process page's heat overlay. */
@Controller()
export class ActivityEventsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(TrendBucketsRepository) private readonly trends: TrendBucketsRepository,
  ) {}

  @OnEventBatch('camunda.activity.completed.v1')
  async completed(batch: EventBatch<'camunda.activity.completed.v1'>): Promise<void> {
    await this.writer.apply(batch, async (tx, events) => {
      for (const [nodeId, facts] of payloadsPerNode(events))
        await this.trends.applyActivitiesCompleted(tx, nodeId, facts);
    });
  }
}
