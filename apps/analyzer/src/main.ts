import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@flowpilot/shared';
import { AnalyzerConfigSchema } from './analyzer.config';
import { AnalyzerModule } from './analyzer.module';

const config = loadConfigOrExit('analyzer', AnalyzerConfigSchema);
void runService({ service: 'analyzer', config, module: AnalyzerModule.register(config) });
