import { DynamicModule, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppLogger, EventPublisher, FlowpilotCoreModule } from '@flowpilot/shared';
import { LlmClient, llmClientSettings, LlmRateLimiter } from '@flowpilot/shared/llm';
import { observeAnalyses } from './analysis/analysis.metrics';
import { AnalysisEvents } from './analysis/analysis.events';
import { IncidentAnalysisService } from './analysis/incident-analysis.service';
import { IncidentContextLoader } from './analysis/incident-context.loader';
import { IncidentOpenedConsumer } from './consumer/incident-opened.consumer';
import { IncidentAiConfig } from './incident-ai.config';
import { LlmAnalyst } from './llm/llm-analyst';
import { LlmEvents } from './llm/llm.events';
import { registerLlmMetrics } from './llm/llm.metrics';
import { CamundaEngineApi } from './model/camunda-engine.api';
import { ProcessModelCache } from './model/process-model.cache';
import { IncidentOccurrenceEntity } from './patterns/incident-occurrence.entity';
import { IncidentPatternEntity } from './patterns/incident-pattern.entity';
import { IncidentPatterns1763900000000 } from './patterns/incident-patterns.migration';
import { PatternStore } from './patterns/pattern.store';
import { allRules } from './rules/rule-catalogue';
import { RuleEngine } from './rules/rule-engine';

const HOUR_MS = 3_600_000;

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
        {
          provide: CamundaEngineApi,
          useValue: new CamundaEngineApi(config.nodes, config.CAMUNDA_REQUEST_TIMEOUT_MS),
        },
        {
          provide: ProcessModelCache,
          inject: [CamundaEngineApi],
          useFactory: (engine: CamundaEngineApi) => new ProcessModelCache(engine, config.MODEL_CACHE_SIZE),
        },
        {
          provide: IncidentContextLoader,
          inject: [CamundaEngineApi, ProcessModelCache, AppLogger],
          useFactory: (engine: CamundaEngineApi, models: ProcessModelCache, logger: AppLogger) =>
            new IncidentContextLoader(engine, models, logger.forContext('IncidentContext')),
        },
        { provide: RuleEngine, useValue: new RuleEngine(allRules()) },
        {
          provide: PatternStore,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new PatternStore(dataSource, config.PATTERN_TREND_WINDOW_HOURS * HOUR_MS),
        },
        {
          provide: LlmEvents,
          inject: [Registry],
          useFactory: (registry: Registry) => {
            const events = new LlmEvents();
            registerLlmMetrics(registry, events);
            return events;
          },
        },
        {
          provide: AnalysisEvents,
          inject: [Registry, AppLogger],
          useFactory: (registry: Registry, logger: AppLogger) => {
            const events = new AnalysisEvents();
            observeAnalyses(registry, events, logger.forContext('IncidentAnalysis'));
            return events;
          },
        },
        {
          provide: LlmAnalyst,
          inject: [LlmEvents],
          useFactory: (events: LlmEvents) => createLlmAnalyst(config, events),
        },
        {
          provide: IncidentAnalysisService,
          inject: [
            IncidentContextLoader,
            RuleEngine,
            PatternStore,
            LlmAnalyst,
            EventPublisher,
            AnalysisEvents,
            LlmEvents,
          ],
          useFactory: (
            contexts: IncidentContextLoader,
            rules: RuleEngine,
            patterns: PatternStore,
            llm: LlmAnalyst | null,
            publisher: EventPublisher,
            events: AnalysisEvents,
            llmEvents: LlmEvents,
          ) =>
            new IncidentAnalysisService(
              contexts,
              rules,
              patterns,
              llm,
              publisher,
              {
                llmBelowConfidence: config.LLM_RULE_CONFIDENCE_THRESHOLD,
                trendWindowHours: config.PATTERN_TREND_WINDOW_HOURS,
              },
              events,
              llmEvents,
            ),
        },
      ],
    };
  }
}

/** No key, no LLM: the offline analysis is complete on its own. */
export function createLlmAnalyst(config: IncidentAiConfig, events: LlmEvents): LlmAnalyst | null {
  const settings = llmClientSettings(config, {
    inputUsdPerMTok: config.LLM_PROMPT_COST_PER_1K_TOKENS * 1_000,
    outputUsdPerMTok: config.LLM_COMPLETION_COST_PER_1K_TOKENS * 1_000,
  });
  if (!settings) return null;
  const client = new LlmClient(settings, events.client);
  return new LlmAnalyst(
    client,
    new LlmRateLimiter(config.LLM_RATE_LIMIT_PER_MINUTE),
    events,
    config.LLM_MAX_PROMPT_CHARS,
  );
}
