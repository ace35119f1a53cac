import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * Lifecycle of the LLM analyst (one explanation asked, skipped, or answered from a pattern's cache);
 * the shared client's own calls, retries, tokens and cost are `LlmClientEvents`.
 */
export interface IncidentLlmEventMap {
  requested: [{ model: string; outcome: LlmOutcomeKind; durationMs: number }];
  skipped: [{ reason: 'rate-limit' | 'disabled' }];
  cacheHit: [{ patternId: string }];
}

export type LlmOutcomeKind =
  'answered' | 'invalid-answer' | 'rejected' | 'timeout' | 'rate-limited' | 'error';

@Injectable()
export class IncidentLlmEvents extends EventEmitter<IncidentLlmEventMap> {}
