import { Controller, Inject } from '@nestjs/common';
import { EventBatch, OnEventBatch, requireNodeId } from '@flowpilot/shared';
import { nodeOfReport, outboundEvent } from '../events/outbound-event.util';
import { eachEvent, ProjectionWriter } from '../events/projection-writer.service';
import { payloadsPerNode } from '../events/per-node.util';
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

  @OnEventBatch('camunda.process.started.v1')
  async started(batch: EventBatch<'camunda.process.started.v1'>): Promise<void> {
    await this.writer.apply(batch, async (tx, events) => {
      await this.statistics.applyStarted(
        tx,
        events.map((event) => ({ nodeId: requireNodeId(event), fact: event.payload })),
      );
      for (const [nodeId, facts] of payloadsPerNode(events))
        await this.trends.applyProcessStarted(tx, nodeId, facts);
    });
  }

  @OnEventBatch('camunda.process.completed.v1')
  async completed(batch: EventBatch<'camunda.process.completed.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      async (tx, events) => {
        await this.statistics.applyCompleted(
          tx,
          events.map((event) => ({ nodeId: requireNodeId(event), fact: event.payload })),
        );
        for (const [nodeId, facts] of payloadsPerNode(events))
          await this.trends.applyProcessCompleted(tx, nodeId, facts);
      },
      (_tx, event) => [
        outboundEvent(event, 'process.completed', {
          processDefinitionKey: event.payload.processDefinitionKey,
        }),
      ],
    );
  }

  @OnEventBatch('analysis.leaderboard.v1')
  async leaderboard(batch: EventBatch<'analysis.leaderboard.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent((tx, event) => this.statistics.applyLeaderboard(tx, nodeOfReport(event), event.payload)),
    );
  }
}
