import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { IncidentAiConfig } from './incident-ai.config';

@Module({})
export class IncidentAiModule {
  static register(config: IncidentAiConfig): DynamicModule {
    return {
      module: IncidentAiModule,
      imports: [FlowpilotCoreModule.forRoot({ service: 'incident-ai', config, migrations: [] })],
    };
  }
}
