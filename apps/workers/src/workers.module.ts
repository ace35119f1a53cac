import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { WorkersConfig } from './workers.config';

@Module({})
export class WorkersModule {
  static register(config: WorkersConfig): DynamicModule {
    return {
      module: WorkersModule,
      imports: [FlowpilotCoreModule.forRoot({ service: 'workers', config, migrations: [] })],
    };
  }
}
