import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@flowpilot/shared';
import { WorkersConfigSchema } from './workers.config';
import { WorkersModule } from './workers.module';

const config = loadConfigOrExit('workers', WorkersConfigSchema);
void runService({ service: 'workers', config, module: WorkersModule.register(config) });
