import { EventEmitter } from 'node:events';
import { LlmClientEvents } from '@flowpilot/shared/llm';

/** Lifecycle of LLM analyses; metrics and logs subscribe, the analyst carries no observability calls. */
export interface LlmEventMap {
  requested: [{ model: string; outcome: LlmOutcomeKind; durationMs: number }];
  skipped: [{ reason: 'rate-limit' | 'disabled' }];
  cacheHit: [{ patternId: string }];
}

export type LlmOutcomeKind =
  'answered' | 'invalid-answer' | 'rejected' | 'timeout' | 'rate-limited' | 'error';

export class LlmEvents extends EventEmitter<LlmEventMap> {
  /** The shared client's own events (calls, retries, tokens, cost). */
  readonly client = new LlmClientEvents();
}
