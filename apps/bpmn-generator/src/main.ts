import 'reflect-metadata';
import { CAMUNDA_NODE_FAMILY, loadConfigOrExit, runService } from '@flowpilot/shared';
import { BpmnGeneratorConfigSchema } from './bpmn-generator.config';
import { BpmnGeneratorModule } from './bpmn-generator.module';

const config = loadConfigOrExit('bpmn-generator', BpmnGeneratorConfigSchema, {
  families: [CAMUNDA_NODE_FAMILY],
});
// Requests older than the consumer group are not waited for by anyone: start at the newest offset.
void runService({
  service: 'bpmn-generator',
  config,
  module: BpmnGeneratorModule.register(config),
  fromBeginning: false,
});
