import 'reflect-metadata';
import { CAMUNDA_NODE_FAMILY, loadConfigOrExit, registerSecret, runService } from '@flowpilot/shared';
import { GatewayConfigSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { configureHttp } from './http/configure-http';

const config = loadConfigOrExit('gateway', GatewayConfigSchema, { families: [CAMUNDA_NODE_FAMILY] });
// The bootstrap key's setting name does not look secret to the generic redactor; its value must never be logged.
registerSecret(config.GATEWAY_BOOTSTRAP_ADMIN_KEY);
void runService({ service: 'gateway', config, module: GatewayModule.register(config), configureHttp: (app) => configureHttp(app, config) });
