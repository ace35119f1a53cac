import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { BpmnGeneratorConfig } from './bpmn-generator.config';

@Module({})
export class BpmnGeneratorModule {
  static register(config: BpmnGeneratorConfig): DynamicModule {
    return {
      module: BpmnGeneratorModule,
      imports: [FlowpilotCoreModule.forRoot({ service: 'bpmn-generator', config, migrations: [] })],
    };
  }
}
