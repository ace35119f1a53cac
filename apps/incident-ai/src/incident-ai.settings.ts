import { Provider } from '@nestjs/common';
import { CamundaFleetSettings } from '@flowpilot/shared';
import { LlmClientSettings, llmClientSettings } from '@flowpilot/shared/llm';
import { IncidentAiConfig, incidentAiLlmPrices } from './incident-ai.config';

/** When an analysis asks the LLM, and the window its pattern trends are measured over. */
export abstract class AnalysisSettings {
  /** Rule verdicts below this confidence go to the LLM, when one is configured. */
  abstract readonly llmBelowConfidence: number;
  abstract readonly trendWindowHours: number;
}

/** How many deployed models are kept parsed. */
export abstract class ModelCacheSettings {
  abstract readonly maxEntries: number;
}

/** The LLM analyst: its client (null without `OPENAI_API_KEY`: no key, no LLM), rate and prompt size. */
export abstract class LlmAnalystSettings {
  abstract readonly client: LlmClientSettings | null;
  abstract readonly callsPerMinute: number;
  abstract readonly maxPromptChars: number;
}

/** The validated settings, turned into the slices the services inject (once, at start-up). */
export function incidentAiSettingsProviders(config: IncidentAiConfig): Provider[] {
  return [
    {
      provide: CamundaFleetSettings,
      useValue: {
        nodes: config.nodes,
        requestTimeoutMs: config.CAMUNDA_REQUEST_TIMEOUT_MS,
      } satisfies CamundaFleetSettings,
    },
    {
      provide: AnalysisSettings,
      useValue: {
        llmBelowConfidence: config.LLM_RULE_CONFIDENCE_THRESHOLD,
        trendWindowHours: config.PATTERN_TREND_WINDOW_HOURS,
      } satisfies AnalysisSettings,
    },
    {
      provide: ModelCacheSettings,
      useValue: { maxEntries: config.MODEL_CACHE_SIZE } satisfies ModelCacheSettings,
    },
    {
      provide: LlmAnalystSettings,
      useValue: {
        client: llmClientSettings(config, incidentAiLlmPrices(config)),
        callsPerMinute: config.LLM_RATE_LIMIT_PER_MINUTE,
        maxPromptChars: config.LLM_MAX_PROMPT_CHARS,
      } satisfies LlmAnalystSettings,
    },
  ];
}
