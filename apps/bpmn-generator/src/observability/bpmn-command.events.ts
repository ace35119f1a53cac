import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/** What happened to each command; metrics and logs subscribe, the consumer only reports. */
export interface BpmnCommandEventMap {
  handled: [{ type: string; outcome: 'replied' | 'failed' | 'expired'; durationMs: number }];
}

@Injectable()
export class BpmnCommandEvents extends EventEmitter<BpmnCommandEventMap> {}
