import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { CollectorConfig } from './collector.config';

@Module({})
export class CollectorModule {
  static register(config: CollectorConfig): DynamicModule {
    return {
      module: CollectorModule,
      imports: [FlowpilotCoreModule.forRoot({ service: 'collector', config, migrations: [] })],
    };
  }
}
