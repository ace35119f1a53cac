import { Controller, Inject } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { ProjectionWriter } from '../events/projection-writer.service';
import { ThresholdsRepository } from './thresholds.repository';

/** Keeps the thresholds read model in step with the topic (changes made through any gateway replica). */
@Controller()
export class ThresholdsConsumer {
  constructor(
    @Inject(ProjectionWriter) private readonly writer: ProjectionWriter,
    @Inject(ThresholdsRepository) private readonly thresholds: ThresholdsRepository,
  ) {}

  @OnEvent('settings.thresholds.v1')
  async changed(event: EventOf<'settings.thresholds.v1'>): Promise<void> {
    await this.writer.apply('settings.thresholds.v1', event, (tx) =>
      this.thresholds.apply(tx, event.payload),
    );
  }
}
