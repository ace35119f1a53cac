import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@flowpilot/shared';
import { BpmnGeneratorConfigSchema } from './bpmn-generator.config';
import { BpmnGeneratorModule } from './bpmn-generator.module';

const config = loadConfigOrExit('bpmn-generator', BpmnGeneratorConfigSchema);
void runService({ service: 'bpmn-generator', config, module: BpmnGeneratorModule.register(config) });
