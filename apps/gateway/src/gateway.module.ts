import { DynamicModule, Module } from '@nestjs/common';
import { FlowpilotCoreModule } from '@flowpilot/shared';
import { GatewayConfig } from './gateway.config';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [FlowpilotCoreModule.forRoot({ service: 'gateway', config, migrations: [] })],
    };
  }
}
