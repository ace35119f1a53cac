import { EventEmitter } from 'node:events';

/** Lifecycle of LLM calls; metrics and logs subscribe, the client carries no observability calls. */
export interface LlmEventMap {
  requested: [{ model: string; outcome: LlmOutcomeKind; durationMs: number }];
  retrying: [{ model: string; attempt: number; delayMs: number; reason: string }];
  usage: [{ model: string; promptTokens: number; completionTokens: number; costUsd: number }];
  skipped: [{ reason: 'rate-limit' | 'disabled' }];
  cacheHit: [{ patternId: string }];
}

export type LlmOutcomeKind =
  'answered' | 'invalid-answer' | 'rejected' | 'timeout' | 'rate-limited' | 'error';

export class LlmEvents extends EventEmitter<LlmEventMap> {}
