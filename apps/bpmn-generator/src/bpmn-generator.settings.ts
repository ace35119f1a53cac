import { Provider } from '@nestjs/common';
import { CamundaFleetSettings } from '@flowpilot/shared';
import { llmCallBudgetMs, LlmClientSettings, llmClientSettings } from '@flowpilot/shared/llm';
import { BpmnGeneratorConfig } from './bpmn-generator.config';

/** What every generated model carries: `camunda:historyTimeToLive` (Camunda 7.20+ requires one). */
export abstract class ModelPipelineSettings {
  abstract readonly historyTimeToLiveDays: number;
}

/** Defaults of the enhancement passes (retries and their ISO-8601 interval, the user-task SLA). */
export abstract class EnhanceSettings {
  abstract readonly retries: number;
  abstract readonly retryInterval: string;
  abstract readonly sla: string;
}

/** The LLM client (null without `OPENAI_API_KEY`: no key, no LLM, the offline parser answers). */
export abstract class LlmGenerationSettings {
  abstract readonly client: LlmClientSettings | null;
}

/**
 * Time for the whole LLM repair loop (the part of the gateway's wait left for the LLM) and for one
 * worst-case LLM call.
 */
export abstract class RepairBudgetSettings {
  abstract readonly totalMs: number;
  abstract readonly callMs: number;
}

/** The validated settings, turned into the slices the services inject (once, at start-up). */
export function bpmnGeneratorSettingsProviders(config: BpmnGeneratorConfig): Provider[] {
  return [
    {
      provide: CamundaFleetSettings,
      useValue: {
        nodes: config.nodes,
        requestTimeoutMs: config.CAMUNDA_REQUEST_TIMEOUT_MS,
      } satisfies CamundaFleetSettings,
    },
    {
      provide: ModelPipelineSettings,
      useValue: { historyTimeToLiveDays: config.BPMN_HISTORY_TTL_DAYS } satisfies ModelPipelineSettings,
    },
    {
      provide: EnhanceSettings,
      useValue: {
        retries: config.BPMN_ENHANCE_RETRIES,
        retryInterval: config.BPMN_DEFAULT_RETRY_INTERVAL,
        sla: config.BPMN_ENHANCE_SLA,
      } satisfies EnhanceSettings,
    },
    {
      provide: LlmGenerationSettings,
      useValue: {
        client: llmClientSettings(config, {
          inputUsdPerMTok: config.LLM_PRICE_INPUT_PER_MTOK,
          outputUsdPerMTok: config.LLM_PRICE_OUTPUT_PER_MTOK,
        }),
      } satisfies LlmGenerationSettings,
    },
    {
      provide: RepairBudgetSettings,
      useValue: {
        totalMs: config.BPMN_REQUEST_TIMEOUT_MS - config.BPMN_PROCESSING_RESERVE_MS,
        callMs: llmCallBudgetMs({
          timeoutMs: config.LLM_TIMEOUT_MS,
          maxRetries: config.LLM_MAX_RETRIES,
          retryBaseMs: config.LLM_RETRY_BASE_MS,
        }),
      } satisfies RepairBudgetSettings,
    },
  ];
}
