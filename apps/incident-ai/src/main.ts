import 'reflect-metadata';
import { CAMUNDA_NODE_FAMILY, loadConfigOrExit, runService } from '@flowpilot/shared';
import { IncidentAiConfigSchema } from './incident-ai.config';
import { IncidentAiModule } from './incident-ai.module';

const config = loadConfigOrExit('incident-ai', IncidentAiConfigSchema, { families: [CAMUNDA_NODE_FAMILY] });
void runService({ service: 'incident-ai', config, module: IncidentAiModule.register(config) });
