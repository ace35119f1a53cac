import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@flowpilot/shared';
import { COLLECTOR_SETTING_FAMILIES, CollectorConfigSchema } from './collector.config';
import { CollectorModule } from './collector.module';

const config = loadConfigOrExit('collector', CollectorConfigSchema, { families: COLLECTOR_SETTING_FAMILIES });
void runService({ service: 'collector', config, module: CollectorModule.register(config) });
