import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { AnalyzerConfig } from './analyzer.config';

@Module({})
export class AnalyzerModule {
  static register(config: AnalyzerConfig): DynamicModule {
    return {
      module: AnalyzerModule,
      imports: [FlowpilotCoreModule.forRoot({ service: 'analyzer', config, migrations: [] })],
    };
  }
}
