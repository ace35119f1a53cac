import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { LlmFailureKind } from './llm-failure';

/** Lifecycle of LLM calls; metrics subscribe, the client itself carries no observability calls. */
export interface LlmClientEventMap {
  /** One per `complete` call, retries included. */
  called: [{ model: string; outcome: 'answered' | LlmFailureKind; durationMs: number; attempts: number }];
  retrying: [{ model: string; attempt: number; delayMs: number; reason: string }];
  usage: [{ model: string; promptTokens: number; completionTokens: number; costUsd: number }];
}

@Injectable()
export class LlmClientEvents extends EventEmitter<LlmClientEventMap> {}
