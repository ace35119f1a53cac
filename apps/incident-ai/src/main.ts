import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@flowpilot/shared';
import { IncidentAiConfigSchema } from './incident-ai.config';
import { IncidentAiModule } from './incident-ai.module';

const config = loadConfigOrExit('incident-ai', IncidentAiConfigSchema);
void runService({ service: 'incident-ai', config, module: IncidentAiModule.register(config) });
