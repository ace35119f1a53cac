import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { DecisionSource, FareDecision } from './fare-decision';

export type LlmCallOutcome = 'success' | 'invalid-answer' | 'timeout' | 'rate-limited' | 'error';

/** Events of the fare-rules decision and its model calls; metrics and the audit log subscribe to them. */
export interface FareDecisionEventMap {
  'llm:call': [
    {
      model: string;
      outcome: LlmCallOutcome;
      latencyMs: number;
      promptTokens: number;
      completionTokens: number;
      costUsd: number;
      error: string | null;
    },
  ];
  /** Exactly one per fare-rules decision: the audit record. */
  'fare:decision': [
    {
      processInstanceId: string | null;
      taskId: string;
      bookingId: string | null;
      decision: FareDecision;
      source: DecisionSource;
      reasoning: string;
      error: string | null;
      model: string | null;
      promptTokens: number;
      completionTokens: number;
      costUsd: number;
      latencyMs: number;
    },
  ];
}

@Injectable()
export class FareDecisionEvents extends EventEmitter<FareDecisionEventMap> {}
