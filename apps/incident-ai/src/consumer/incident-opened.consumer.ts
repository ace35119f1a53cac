import { Controller } from '@nestjs/common';
import { EventOf, OnEvent } from '@flowpilot/shared';
import { IncidentAnalysisService } from '../analysis/incident-analysis.service';

@Controller()
export class IncidentOpenedConsumer {
  constructor(private readonly analyses: IncidentAnalysisService) {}

  @OnEvent('camunda.incident.opened.v1')
  async handle(event: EventOf<'camunda.incident.opened.v1'>): Promise<void> {
    await this.analyses.analyze(event);
  }
}
