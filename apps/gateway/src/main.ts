import 'reflect-metadata';
import { CAMUNDA_NODE_FAMILY, loadConfigOrExit, runService } from '@flowpilot/shared';
import { GatewayConfigSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { configureHttp } from './http/configure-http';

const config = loadConfigOrExit('gateway', GatewayConfigSchema, { families: [CAMUNDA_NODE_FAMILY] });
void runService({
  service: 'gateway',
  config,
  module: GatewayModule.register(config),
  configureHttp,
});
