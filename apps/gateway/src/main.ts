import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@flowpilot/shared';
import { GatewayConfigSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';

const config = loadConfigOrExit('gateway', GatewayConfigSchema);
void runService({ service: 'gateway', config, module: GatewayModule.register(config) });
