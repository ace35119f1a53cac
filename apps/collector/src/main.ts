import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@flowpilot/shared';
import { CollectorConfigSchema } from './collector.config';
import { CollectorModule } from './collector.module';

const config = loadConfigOrExit('collector', CollectorConfigSchema);
void runService({ service: 'collector', config, module: CollectorModule.register(config) });
