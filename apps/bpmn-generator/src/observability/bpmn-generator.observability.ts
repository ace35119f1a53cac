import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { AppLogger } from '@flowpilot/shared';
import { LlmClientEvents, registerLlmClientMetrics } from '@flowpilot/shared/llm';
import { LlmGenerationSettings } from '../bpmn-generator.settings';
import { BpmnCommandEvents } from './bpmn-command.events';
import { registerBpmnCommandMetrics } from './bpmn-command.metrics';

/**
 * Everything bpmn-generator observes, wired once: command durations and one log line per command,
 * and `flowpilot_bpmn_llm_*` when an LLM is configured. The services only emit events.
 */
@Injectable()
export class BpmnGeneratorObservability {
  constructor(
    registry: Registry,
    logger: AppLogger,
    commands: BpmnCommandEvents,
    llmClient: LlmClientEvents,
    llm: LlmGenerationSettings,
  ) {
    registerBpmnCommandMetrics(registry, commands);
    if (llm.client) registerLlmClientMetrics(registry, llmClient, 'flowpilot_bpmn_llm');
    const log = logger.forContext('BpmnCommands');
    commands.on('handled', ({ type, outcome, durationMs }) =>
      log.info('command handled', { type, outcome, durationMs }),
    );
  }
}
