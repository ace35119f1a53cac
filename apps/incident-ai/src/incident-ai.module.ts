import { DynamicModule, Module } from '@nestjs/common';
import { CamundaFleet, FlowpilotCoreModule } from '@flowpilot/shared';
import { LlmClientEvents } from '@flowpilot/shared/llm';
import { ConclusionService } from './analysis/conclusion.service';
import { IncidentAnalysisEvents } from './analysis/incident-analysis.events';
import { IncidentAnalysisPublisher } from './analysis/incident-analysis.publisher';
import { IncidentAnalysisService } from './analysis/incident-analysis.service';
import { IncidentContextLoader } from './analysis/incident-context.loader';
import { IncidentOpenedConsumer } from './consumer/incident-opened.consumer';
import { IncidentAiConfig } from './incident-ai.config';
import { incidentAiSettingsProviders } from './incident-ai.settings';
import { IncidentLlmEvents } from './llm/incident-llm.events';
import { LlmAnalyst } from './llm/llm-analyst';
import { CamundaEngineApi } from './model/camunda-engine.api';
import { ProcessModelCache } from './model/process-model.cache';
import { IncidentAiObservability } from './observability/incident-ai.observability';
import { IncidentOccurrenceEntity } from './patterns/incident-occurrence.entity';
import { IncidentPatternEntity } from './patterns/incident-pattern.entity';
import { IncidentPatterns1763900000000 } from './patterns/incident-patterns.migration';
import { PatternRepository } from './patterns/pattern.repository';
import { RuleCatalogue } from './rules/rule-catalogue';
import { RuleEngine } from './rules/rule-engine';

@Module({})
export class IncidentAiModule {
  static register(config: IncidentAiConfig): DynamicModule {
    return {
      module: IncidentAiModule,
      imports: [
        FlowpilotCoreModule.forRoot({
          service: 'incident-ai',
          config,
          entities: [IncidentPatternEntity, IncidentOccurrenceEntity],
          migrations: [IncidentPatterns1763900000000],
        }),
      ],
      controllers: [IncidentOpenedConsumer],
      providers: [
        ...incidentAiSettingsProviders(config),
        IncidentAnalysisEvents,
        IncidentLlmEvents,
        LlmClientEvents,
        IncidentAiObservability,
        CamundaFleet,
        CamundaEngineApi,
        ProcessModelCache,
        IncidentContextLoader,
        RuleCatalogue,
        RuleEngine,
        PatternRepository,
        LlmAnalyst,
        ConclusionService,
        IncidentAnalysisPublisher,
        IncidentAnalysisService,
      ],
    };
  }
}
