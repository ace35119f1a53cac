import { EventEmitter } from 'node:events';

/** What happened to each command; metrics and logs subscribe, the consumer only reports. */
export interface BpmnCommandEventMap {
  handled: [{ type: string; outcome: 'replied' | 'failed' | 'expired'; durationMs: number }];
}

export class BpmnCommandEvents extends EventEmitter<BpmnCommandEventMap> {}
