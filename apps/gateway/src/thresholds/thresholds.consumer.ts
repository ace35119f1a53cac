import { Controller, Inject } from '@nestjs/common';
import { EventBatch, OnEventBatch } from '@flowpilot/shared';
import { eachEvent, ProjectionWriter } from '../events/projection-writer.service';
import { ThresholdsRepository } from './thresholds.repository';

/** Keeps the thresholds read model in step with the topic (changes made through any gateway replica). */
@Controller()
export class ThresholdsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(ThresholdsRepository) private readonly thresholds: ThresholdsRepository,
  ) {}

  @OnEventBatch('settings.thresholds.v1')
  async changed(batch: EventBatch<'settings.thresholds.v1'>): Promise<void> {
    await this.writer.apply(
      batch,
      eachEvent((tx, event) => this.thresholds.apply(tx, event.payload)),
    );
  }
}
