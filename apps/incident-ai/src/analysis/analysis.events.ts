import { EventEmitter } from 'node:events';
import type { IncidentFamily } from '@flowpilot/shared';

export interface AnalysisEventMap {
  analyzed: [
    {
      incidentId: string;
      nodeId: string | null;
      family: IncidentFamily;
      confidence: number;
      source: 'rules' | 'llm';
      patternCount: number;
      durationMs: number;
    },
  ];
}

/** Lifecycle of analyses; metrics and logs subscribe. */
export class AnalysisEvents extends EventEmitter<AnalysisEventMap> {}
