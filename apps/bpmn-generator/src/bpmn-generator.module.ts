import { DynamicModule, Module } from '@nestjs/common';
import { CamundaFleet, Clock, FlowpilotCoreModule } from '@flowpilot/shared';
import { LlmClientEvents } from '@flowpilot/shared/llm';
import { BpmnGeneratorConfig } from './bpmn-generator.config';
import { bpmnGeneratorSettingsProviders } from './bpmn-generator.settings';
import { CamundaDeploymentApi } from './deploy/camunda-deployment.api';
import { DeploymentService } from './deploy/deployment.service';
import { EngineVerdictService } from './deploy/engine-verdict.service';
import { GenerationService } from './generation/generation.service';
import { ModelPipeline } from './generation/model-pipeline';
import { BpmnKnowledgeSchema1764000000000 } from './knowledge/knowledge-schema.migration';
import { ModelRepository } from './knowledge/model.repository';
import { LlmGraphGenerator } from './llm/llm-graph.generator';
import { LlmRepairLoop } from './llm/llm-repair.loop';
import { BpmnCommandEvents } from './observability/bpmn-command.events';
import { BpmnGeneratorObservability } from './observability/bpmn-generator.observability';
import { BpmnCommandHandler } from './requests/bpmn-command.handler';
import { BpmnRequestConsumer } from './requests/bpmn-request.consumer';

@Module({})
export class BpmnGeneratorModule {
  /** `service` names the schema and consumer group; tests pass their own so runs do not share state. */
  static register(config: BpmnGeneratorConfig, service = 'bpmn-generator'): DynamicModule {
    return {
      module: BpmnGeneratorModule,
      imports: [
        FlowpilotCoreModule.forRoot({ service, config, migrations: [BpmnKnowledgeSchema1764000000000] }),
      ],
      controllers: [BpmnRequestConsumer],
      providers: [
        ...bpmnGeneratorSettingsProviders(config),
        BpmnCommandEvents,
        LlmClientEvents,
        BpmnGeneratorObservability,
        Clock,
        CamundaFleet,
        CamundaDeploymentApi,
        ModelPipeline,
        ModelRepository,
        DeploymentService,
        EngineVerdictService,
        LlmGraphGenerator,
        LlmRepairLoop,
        GenerationService,
        BpmnCommandHandler,
      ],
    };
  }
}
