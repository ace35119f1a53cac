import { DynamicModule, Module } from '@nestjs/common';
import { AppLogger, FlowpilotCoreModule } from '@flowpilot/shared';
import {
  LlmClient,
  LlmClientEvents,
  llmCallBudgetMs,
  llmClientSettings,
  registerLlmClientMetrics,
} from '@flowpilot/shared/llm';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { BpmnGeneratorConfig } from './bpmn-generator.config';
import { CamundaDeploymentApi } from './deploy/camunda-deployment.api';
import { DeploymentService } from './deploy/deployment.service';
import { GenerationService } from './generation/generation.service';
import { ModelPipeline } from './generation/model-pipeline';
import { BpmnKnowledgeSchema1764000000000 } from './knowledge/knowledge-schema.migration';
import { ModelRepository } from './knowledge/model.repository';
import { LlmGraphGenerator } from './llm/llm-graph.generator';
import { EngineVerdict } from './llm/llm-repair.loop';
import { warmUpTagger } from './parser/clause-analysis';
import { BpmnCommandEvents } from './observability/bpmn-command.events';
import { registerBpmnObservability } from './observability/bpmn-metrics';
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
        {
          provide: BpmnCommandEvents,
          inject: [Registry, AppLogger],
          useFactory: (registry: Registry, logger: AppLogger) => {
            const events = new BpmnCommandEvents();
            registerBpmnObservability(registry, events, logger);
            return events;
          },
        },
        {
          provide: ModelPipeline,
          useFactory: () => new ModelPipeline({ historyTimeToLiveDays: config.BPMN_HISTORY_TTL_DAYS }),
        },
        {
          provide: ModelRepository,
          inject: [DataSource],
          useFactory: (db: DataSource) => new ModelRepository(db),
        },
        {
          provide: CamundaDeploymentApi,
          useFactory: () => new CamundaDeploymentApi(config.nodes, config.CAMUNDA_REQUEST_TIMEOUT_MS),
        },
        {
          provide: DeploymentService,
          inject: [CamundaDeploymentApi, ModelRepository],
          useFactory: (api: CamundaDeploymentApi, models: ModelRepository) =>
            new DeploymentService(api, models),
        },
        {
          provide: GenerationService,
          inject: [ModelPipeline, ModelRepository, Registry, DeploymentService],
          useFactory: (
            pipeline: ModelPipeline,
            models: ModelRepository,
            registry: Registry,
            deployments: DeploymentService,
          ) => {
            warmUpTagger();
            return new GenerationService(
              pipeline,
              models,
              llmOf(config, registry),
              {
                retries: config.BPMN_ENHANCE_RETRIES,
                retryInterval: config.BPMN_DEFAULT_RETRY_INTERVAL,
                sla: config.BPMN_ENHANCE_SLA,
              },
              engineVerdict(deployments, config.nodes[0]?.name ?? null),
              {
                totalMs: config.BPMN_REQUEST_TIMEOUT_MS - config.BPMN_PROCESSING_RESERVE_MS,
                callMs: llmCallBudgetMs({
                  timeoutMs: config.LLM_TIMEOUT_MS,
                  maxRetries: config.LLM_MAX_RETRIES,
                  retryBaseMs: config.LLM_RETRY_BASE_MS,
                }),
              },
            );
          },
        },
        {
          provide: BpmnCommandHandler,
          inject: [GenerationService, DeploymentService, ModelRepository, ModelPipeline],
          useFactory: (g: GenerationService, d: DeploymentService, m: ModelRepository, p: ModelPipeline) =>
            new BpmnCommandHandler(g, d, m, p),
        },
      ],
    };
  }
}

/**
 * An LLM answer's last check is the first configured engine's own parse (deploy, then remove).
 * An engine that cannot be reached gives no verdict rather than failing the answer.
 */
function engineVerdict(deployments: DeploymentService, node: string | null): EngineVerdict | null {
  if (!node) return null;
  return async (xml) => {
    try {
      return await deployments.verdict(node, xml);
    } catch {
      return null;
    }
  };
}

/** No key, no LLM: the offline parser answers every description. Metrics: `flowpilot_bpmn_llm_*`. */
function llmOf(config: BpmnGeneratorConfig, registry: Registry): LlmGraphGenerator | null {
  const settings = llmClientSettings(config, {
    inputUsdPerMTok: config.LLM_PRICE_INPUT_PER_MTOK,
    outputUsdPerMTok: config.LLM_PRICE_OUTPUT_PER_MTOK,
  });
  if (!settings) return null;
  const events = new LlmClientEvents();
  registerLlmClientMetrics(registry, events, 'flowpilot_bpmn_llm');
  const client = new LlmClient(settings, events);
  return new LlmGraphGenerator(client, config.LLM_MAX_OUTPUT_TOKENS);
}
