import { Controller } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { ThresholdsService } from './thresholds.service';

@Controller()
export class ThresholdsConsumer {
  constructor(private readonly thresholds: ThresholdsService) {}

  @OnEvent('settings.thresholds.v1')
  handle(event: EventOf<'settings.thresholds.v1'>): Promise<'applied' | 'stale'> {
    return this.thresholds.apply(event.payload);
  }
}
