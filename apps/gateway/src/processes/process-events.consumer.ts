import { Controller, Inject } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { outboundEvent, requireNodeId } from '../events/outbound-event.util';
import { ProjectionWriter } from '../events/projection-writer.service';
import { TrendBucketsRepository } from '../trends/trend-buckets.repository';
import { ProcessStatisticsRepository } from './process-statistics.repository';

/** Process statistics and leaderboards; `process.completed` webhooks. */
@Controller()
export class ProcessEventsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(ProcessStatisticsRepository) private readonly statistics: ProcessStatisticsRepository,
    @Inject(TrendBucketsRepository) private readonly trends: TrendBucketsRepository,
  ) {}

  @OnEvent('camunda.process.started.v1')
  async started(event: EventOf<'camunda.process.started.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('camunda.process.started.v1', event, async (tx) => {
      await this.statistics.applyStarted(tx, nodeId, event.payload);
      await this.trends.applyProcessStarted(tx, nodeId, [event.payload]);
    });
  }

  @OnEvent('camunda.process.completed.v1')
  async completed(event: EventOf<'camunda.process.completed.v1'>): Promise<void> {
    const nodeId = requireNodeId(event);
    await this.writer.apply('camunda.process.completed.v1', event, async (tx) => {
      await this.statistics.applyCompleted(tx, nodeId, event.payload);
      await this.trends.applyProcessCompleted(tx, nodeId, [event.payload]);
      return [
        outboundEvent(event, 'process.completed', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ];
    });
  }

  @OnEvent('analysis.leaderboard.v1')
  async leaderboard(event: EventOf<'analysis.leaderboard.v1'>): Promise<void> {
    await this.writer.apply('analysis.leaderboard.v1', event, (tx) =>
      this.statistics.applyLeaderboard(tx, event.nodeId ?? event.payload.nodeName, event.payload),
    );
  }
}
