import { Controller, Inject } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { requireNodeId } from '../events/outbound-event.util';
import { ProjectionWriter } from '../events/projection-writer.service';
import { TrendBucketsRepository } from './trend-buckets.repository';

/** Activity durations per definition version and hour, behind the process page's heat overlay. */
@Controller()
export class ActivityEventsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(TrendBucketsRepository) private readonly trends: TrendBucketsRepository,
  ) {}

  @OnEvent('camunda.activity.completed.v1')
  async completed(event: EventOf<'camunda.activity.completed.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('camunda.activity.completed.v1', event, (tx) =>
      this.trends.applyActivitiesCompleted(tx, nodeId, [event.payload]),
    );
  }
}
