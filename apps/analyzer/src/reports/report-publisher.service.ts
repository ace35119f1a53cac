import { Injectable } from '@nestjs/common';
import { EventPublisher, PayloadOf, TopicName } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { JudgementResultsRepository, JudgementKind } from './judgement-results.repository';

/** Stores each report and publishes it only when its content changed since the last one. */
@Injectable()
export class ReportPublisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly results: JudgementResultsRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /** Stored and published in one transaction: a failed publish leaves the old result, so the next cycle retries. */
  async publishIfChanged<T extends TopicName>(
    topic: T,
    kind: JudgementKind,
    key: string,
    payload: PayloadOf<T> & { computedAt: string },
    nodeId: string | null,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.results.saveIfChanged(tx, kind, key, payload))) return false;
      await this.publisher.publish(topic, payload, { nodeId });
      return true;
    });
  }
}
